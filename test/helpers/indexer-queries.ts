/** Small questions the indexer's comparisons ask: a GraphQL query to the indexer, and whether a call would succeed. */

/** One GraphQL query to the indexer. */
export async function graphql<T>(url: string, query: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors !== undefined || body.data === undefined) throw new Error(`GraphQL ${query}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Whether `call` (a `staticCall`) succeeds. */
export async function succeeds(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    return false;
  }
}

/**
 * Reading an HTTP answer's body with a byte cap: what the metadata fetcher and the forge client both need, since a
 * missing or lying Content-Length, or a compressed body, must not make a reader hold more than it asked for.
 * Browser-safe (the fetch API's streams only).
 */

/** The body of `response`, read piece by piece and abandoned as soon as it passes `maxBytes`; null when it is larger. */
export async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (response.body === null) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.length > maxBytes ? null : whole;
  }
  const reader = response.body.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    pieces.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.length;
  }
  return bytes;
}

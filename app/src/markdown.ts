/**
 * A small, strict Markdown renderer for metadata descriptions: headings, paragraphs, lists, quotes, code, emphasis
 * and links. Everything is escaped first, so raw HTML shows as text and no tag or attribute can come from the
 * document; links are kept only for https:// and ipfs:// (through the gateway), anything else (`javascript:`,
 * `data:`) stays plain text. Headings start at h3, below the page's own.
 */
import { documentUrl } from "../../client/index.js";

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function emphasis(escaped: string): string {
  return escaped.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=$|[^\w*])/g, "$1<em>$2</em>");
}

/** The inline Markdown of one line: code spans, links, bold, italics (code and links are set aside first). */
function inline(raw: string, gateway: string): string {
  const kept: string[] = [];
  const keep = (html: string) => {
    kept.push(html);
    return `\u0000${kept.length - 1}\u0000`;
  };
  let out = escape(raw.replace(/\u0000/g, "")).replace(/`([^`]+)`/g, (_, code: string) => keep(`<code>${code}</code>`));
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_whole, label: string, target: string) => {
    // `target` is escaped text: undo the escaping to judge and resolve the address, then escape it again.
    const address = target.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    const href = /^(https|ipfs):\/\//i.test(address) ? documentUrl(address, gateway) : undefined;
    if (href === undefined) return keep(`${emphasis(label)} (${target})`);
    return keep(`<a href="${escape(href)}" rel="noreferrer noopener nofollow" target="_blank">${emphasis(label)}</a>`);
  });
  return emphasis(out).replace(/\u0000(\d+)\u0000/g, (_, index: string) => kept[Number(index)] ?? "");
}

/** Renders `markdown` to safe HTML. */
export function renderMarkdown(markdown: string, gateway: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const html: string[] = [];
  let paragraph: string[] = [];
  let listKind: "ul" | "ol" | undefined;
  let items: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) html.push(`<p>${paragraph.map((line) => inline(line, gateway)).join(" ")}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (listKind !== undefined) html.push(`<${listKind}>${items.map((item) => `<li>${inline(item, gateway)}</li>`).join("")}</${listKind}>`);
    listKind = undefined;
    items = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^```/.test(line)) {
      flushParagraph();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i] ?? ""); i++) code.push(lines[i] ?? "");
      html.push(`<pre><code>${escape(code.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (line.trim() === "") {
      flushParagraph();
      flushList();
    } else if (heading !== null) {
      flushParagraph();
      flushList();
      const level = Math.min((heading[1] ?? "#").length + 2, 6);
      html.push(`<h${level}>${inline(heading[2] ?? "", gateway)}</h${level}>`);
    } else if (bullet !== null || numbered !== null) {
      flushParagraph();
      const kind = bullet !== null ? "ul" : "ol";
      if (listKind !== kind) flushList();
      listKind = kind;
      items.push((bullet ?? numbered)?.[1] ?? "");
    } else if (quote !== null) {
      flushParagraph();
      flushList();
      html.push(`<blockquote>${inline(quote[1] ?? "", gateway)}</blockquote>`);
    } else {
      flushList();
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  flushList();
  return html.join("\n");
}

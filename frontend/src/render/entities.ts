// markdown-it decodes character references (`&copy;`) with the `entities`
// package, whose table of HTML's 2,231 named references is 16 KB (brotli) of
// every first screen. The browser already has that table, in its HTML parser:
// the build points markdown-it's `entities` import here (build.mjs, `alias`).
//
// A <textarea>'s content is parsed as RCDATA: references are decoded, markup
// stays text, so no element is created and nothing can run.
let area: HTMLTextAreaElement | null = null;

/** `text` with its character references decoded, as HTML decodes them in text. */
export function decodeHTML(text: string): string {
  if (!text.includes("&")) return text;
  area ??= document.createElement("textarea");
  area.innerHTML = text;
  const decoded = area.value;
  area.textContent = "";
  return decoded;
}

/**
 * A reference with its semicolon only, as CommonMark asks (markdown-it passes
 * one `&name;` at a time). HTML also decodes a legacy reference without one,
 * leaving the rest behind (`&noti;` is `¬i;`): that one stays as written.
 */
export function decodeHTMLStrict(text: string): string {
  const decoded = decodeHTML(text);
  return decoded.length > 1 && decoded.endsWith(";") ? text : decoded;
}

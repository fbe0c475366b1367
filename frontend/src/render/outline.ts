// The headings of a Markdown cell, for the table of contents. They are read
// from the source with the renderer's own parser, math set aside first as the
// renderer does, so a `#` in a code block or a `_` in a formula is not taken
// for Markdown; headings written in HTML count too, as they do on the page.
import type { Token } from "markdown-it";
import { markdown } from "./markdown";
import { extractMath } from "./math-extract";

export interface Heading {
  /** 1 to 6, as in `<h1>`…`<h6>`. */
  level: number;
  text: string;
}

const PLACEHOLDER = /@@(\d+)@@/g;
const HTML_HEADING = /<h[1-6][\s>]/i;

function inlineText(token: Token | undefined): string {
  let text = "";
  for (const child of token?.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    else if (child.type === "image") text += inlineText(child);
  }
  return text;
}

/** Headings in a piece of raw HTML; DOMParser's document is inert (no script, no loading). */
function htmlHeadings(html: string): Heading[] {
  if (!HTML_HEADING.test(html)) return [];
  const document = new DOMParser().parseFromString(html, "text/html");
  return [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((element) => ({
    level: Number(element.tagName[1]),
    text: element.textContent ?? "",
  }));
}

export function headingsOf(source: string): Heading[] {
  const { text, math } = extractMath(source);
  const tokens = markdown.parse(text, {});
  const found: Heading[] = [];
  tokens.forEach((token, i) => {
    if (token.type === "heading_open") found.push({ level: Number(token.tag.slice(1)), text: inlineText(tokens[i + 1]) });
    else if (token.type === "html_block") found.push(...htmlHeadings(token.content));
  });
  const withMath = (value: string) => value.replace(PLACEHOLDER, (_, n: string) => math[Number(n)]?.source ?? "");
  return found
    .map((heading) => ({ level: heading.level, text: withMath(heading.text).replace(/\s+/g, " ").trim() }))
    .filter((heading) => heading.text);
}

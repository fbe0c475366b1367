// Markdown cells: CommonMark with GitHub tables and strikethrough (markdown-it),
// sanitized before it reaches the page. Math comes with the editing issue (KaTeX).
import MarkdownIt from "markdown-it";
import { sanitizeHTML } from "./sanitize";

const md = new MarkdownIt({ html: true, linkify: true, typographer: false });

/**
 * Renders Markdown into `target`. Relative links and images resolve against
 * `baseURL` (the notebook's folder in the content tree).
 */
export function renderMarkdown(target: HTMLElement, source: string, baseURL: URL): void {
  const fragment = sanitizeHTML(md.render(source));
  for (const element of fragment.querySelectorAll<HTMLElement>("img[src], a[href]")) {
    const attribute = element instanceof HTMLImageElement ? "src" : "href";
    const value = element.getAttribute(attribute) ?? "";
    if (value && !value.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      element.setAttribute(attribute, new URL(value, baseURL).href);
    }
  }
  target.replaceChildren(fragment);
}

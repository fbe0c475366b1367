// Markdown cells and Markdown output, rendered as JupyterLab does: CommonMark
// with GitHub tables, strikethrough and task lists (markdown-it), math typeset
// by KaTeX, Python code blocks highlighted, headings with anchors. The HTML is
// sanitized before it reaches the page; the math is put back after that, so
// that sanitizing can neither strip nor be fooled by it.
import type * as nbformat from "@jupyterlab/nbformat";
import MarkdownIt from "markdown-it";
import { addHeadingAnchors } from "./headings";
import { highlight } from "./highlight";
import { insertMath, typeset } from "./math";
import { extractMath } from "./math-extract";
import { sanitizeHTML } from "./sanitize";
import { taskLists } from "./task-lists";

/** The one Markdown parser: cells, Markdown output and the table of contents read alike. */
export const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight }).use(taskLists);

/** Relative links and images resolve against `baseURL` (the notebook's folder in the content tree). */
export function resolveLinks(root: ParentNode, baseURL: URL): void {
  for (const element of root.querySelectorAll<HTMLElement>("img[src], a[href]")) {
    const attribute = element instanceof HTMLImageElement ? "src" : "href";
    const value = element.getAttribute(attribute) ?? "";
    if (value && !value.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(value)) {
      element.setAttribute(attribute, new URL(value, baseURL).href);
    }
  }
}

/**
 * Renders Markdown into `target`; on failure shows the source as text rather
 * than nothing. `attachment:name` images come from the cell's `attachments`.
 */
export function renderMarkdown(target: HTMLElement, source: string, baseURL: URL, attachments?: nbformat.IAttachments | null): void {
  try {
    const { text, math } = extractMath(source);
    const fragment = sanitizeHTML(markdown.render(text), attachments);
    resolveLinks(fragment, baseURL);
    const formulas = insertMath(fragment, math);
    addHeadingAnchors(fragment);
    target.replaceChildren(fragment);
    typeset(formulas);
  } catch (error) {
    console.error("ardoise: could not render Markdown", error);
    const pre = document.createElement("pre");
    pre.className = "markdown-source";
    pre.textContent = source;
    target.replaceChildren(pre);
  }
}

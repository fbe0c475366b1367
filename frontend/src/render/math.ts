// Math on the page: the placeholders left by extractMath become elements that
// show their TeX source at once and are typeset by KaTeX when it arrives.
// KaTeX (script, styles and fonts) loads only when a page first shows math.
// Its output is trusted markup generated from TeX (`trust: false`, so no links
// or HTML from the source), inserted after the Markdown has been sanitized.
import type { KatexOptions } from "katex";
import { extractMath, type MathSpan } from "./math-extract";

// The hashed name of KaTeX's style sheet, set by build.mjs (built beside the app).
declare const __KATEX_CSS__: string;

type Katex = (typeof import("katex"))["default"];

const PLACEHOLDER = /@@(\d+)@@/g;
const NOT_TYPESET = "code, pre, kbd, samp, script, style, textarea";
const pending = new WeakMap<HTMLElement, MathSpan>();
// Shared across cells, as MathJax does in Jupyter: a \newcommand in one cell serves the next ones.
const macros: Record<string, string> = {};
let katex: Promise<Katex> | null = null;

function loadStyles(): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL(`./${__KATEX_CSS__}`, import.meta.url).href;
    link.dataset.ardoise = "katex";
    // Math still shows (unstyled) if the style sheet cannot be had.
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => resolve());
    document.head.append(link);
  });
}

function loadKatex(): Promise<Katex> {
  katex ??= Promise.all([import("katex"), loadStyles()]).then(
    ([module]) => module.default,
    (error: unknown) => {
      katex = null; // offline for a moment: the next math tries again
      throw error;
    },
  );
  return katex;
}

const OPTIONS: KatexOptions = {
  throwOnError: false,
  errorColor: "var(--error-fg, #cc0000)",
  strict: "ignore",
  globalGroup: true,
  macros,
};

function typesetOne(lib: Katex, element: HTMLElement): void {
  const span = pending.get(element);
  if (!span) return;
  pending.delete(element);
  try {
    lib.render(span.tex, element, { ...OPTIONS, displayMode: span.display });
    element.classList.remove("math-pending");
  } catch (error) {
    console.error("ardoise: could not typeset math", span.tex, error);
    element.classList.replace("math-pending", "math-failed");
  }
}

/** Typesets `elements` (made by mathElement) once KaTeX has loaded; until then they show their source. */
export function typeset(elements: HTMLElement[]): void {
  if (!elements.length) return;
  loadKatex().then(
    (lib) => elements.forEach((element) => typesetOne(lib, element)),
    (error: unknown) => console.error("ardoise: math is shown as TeX, KaTeX could not load", error),
  );
}

function mathElement(span: MathSpan): HTMLElement {
  const element = document.createElement("span");
  element.className = `math ${span.display ? "math-display" : "math-inline"} math-pending`;
  element.textContent = span.source;
  pending.set(element, span);
  return element;
}

function restoreText(value: string, math: MathSpan[]): string {
  return value.replace(PLACEHOLDER, (whole, n: string) => math[Number(n)]?.source ?? whole);
}

function replaceInText(node: Text, math: MathSpan[], created: HTMLElement[]): void {
  const value = node.data;
  const parts: (string | Node)[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    const span = math[Number(match[1])];
    if (!span) continue;
    parts.push(value.slice(last, match.index));
    if (span.literal) {
      parts.push(span.source);
    } else {
      const element = mathElement(span);
      created.push(element);
      parts.push(element);
    }
    last = match.index + match[0].length;
  }
  parts.push(value.slice(last));
  node.replaceWith(...parts);
}

/**
 * Puts the math back where extractMath left placeholders in `root`: as math
 * elements in text, as source inside code and attributes. Returns the math
 * elements, for typeset().
 */
export function insertMath(root: ParentNode, math: MathSpan[]): HTMLElement[] {
  if (!math.length) return [];
  const created: HTMLElement[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  while (walker.nextNode()) texts.push(walker.currentNode as Text);
  for (const node of texts) {
    if (!/@@\d+@@/.test(node.data)) continue;
    if (node.parentElement?.closest(NOT_TYPESET)) node.data = restoreText(node.data, math);
    else replaceInText(node, math, created);
  }
  for (const element of root.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.value.includes("@@")) attribute.value = restoreText(attribute.value, math);
    }
  }
  return created;
}

/** Renders `text/latex` output: its math typeset, the rest as plain text (no Markdown). */
export function renderLatex(target: HTMLElement, source: string): void {
  const { text, math } = extractMath(source);
  target.replaceChildren(document.createTextNode(text));
  typeset(insertMath(target, math));
}

// One display_data / execute_result bundle, shown by the richest MIME type it
// has, in JupyterLab's order (its renderer ranks: JSON 0, HTML 50, Markdown 60,
// LaTeX 70, SVG 80, images 90, JavaScript 110, plain text 120). Script never
// runs in the app's page: JavaScript, and HTML that carries <script>, run in a
// sandboxed iframe (sandbox.ts). A renderer that fails logs and
// degrades to the bundle's text; it never blanks the page.
import { message } from "./messages";
import { t } from "../i18n";
import { jsonTree } from "./json-tree";
import { renderMarkdown, resolveLinks } from "./markdown";
import { renderLatex } from "./math";
import { sandboxedHTML, sandboxedJavaScript } from "./sandbox";
import { carriesScript, sanitizeHTML, sanitizeSVG } from "./sanitize";

export type Bundle = Record<string, unknown>;

export interface BundleContext {
  bundle: Bundle;
  metadata: Record<string, unknown>;
  baseURL: URL;
  /** Shows plain text (ANSI colours, long-output handling) in a `<pre class=className>`. */
  text(value: string, className: string): HTMLElement;
}

type Renderer = (value: unknown, context: BundleContext) => HTMLElement;

/** nbformat keeps multi-line strings as arrays of lines. */
export function joined(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function box(className: string, ...content: Node[]): HTMLElement {
  const div = document.createElement("div");
  div.className = className;
  div.append(...content);
  return div;
}

function size(value: unknown): string | null {
  return typeof value === "number" || (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) ? String(value) : null;
}

function image(mime: string): Renderer {
  return (value, { bundle, metadata }) => {
    const img = document.createElement("img");
    img.src = `data:${mime};base64,${joined(value).replace(/\s/g, "")}`;
    // An output is content, never decoration: without its text/plain, it still says what it is.
    img.alt = "text/plain" in bundle ? joined(bundle["text/plain"]) : message("image");
    img.className = "output-image";
    const own = (metadata[mime] ?? {}) as Record<string, unknown>;
    for (const dimension of ["width", "height"] as const) {
      const pixels = size(own[dimension] ?? metadata[dimension]);
      if (pixels) img.setAttribute(dimension, pixels);
    }
    if (own.unconfined === true) img.classList.add("output-image-unconfined");
    return img;
  };
}

function html(value: unknown, { baseURL }: BundleContext): HTMLElement {
  const source = joined(value);
  // Script never runs in the app's page: HTML that brings its own runs apart.
  if (carriesScript(source)) return box("output-html output-html-sandboxed", sandboxedHTML(source));
  const fragment = sanitizeHTML(source);
  resolveLinks(fragment, baseURL);
  return box("output-html", fragment);
}

function svg(value: unknown, { bundle }: BundleContext): HTMLElement {
  const fragment = sanitizeSVG(joined(value));
  const root = fragment.querySelector("svg");
  if (root && "text/plain" in bundle) {
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", joined(bundle["text/plain"]));
  }
  return box("output-svg", fragment);
}

function json(value: unknown): HTMLElement {
  return jsonTree(typeof value === "string" ? JSON.parse(value) : value);
}

const RENDERERS: [string, Renderer][] = [
  ["application/json", json],
  ["text/html", html],
  ["text/markdown", (value, { baseURL }) => {
    const div = box("output-markdown markdown");
    renderMarkdown(div, joined(value), baseURL);
    return div;
  }],
  ["text/latex", (value) => {
    const div = box("output-latex");
    renderLatex(div, joined(value));
    return div;
  }],
  ["image/svg+xml", svg],
  ["image/bmp", image("image/bmp")],
  ["image/png", image("image/png")],
  ["image/jpeg", image("image/jpeg")],
  ["image/gif", image("image/gif")],
  ["image/webp", image("image/webp")],
  ["application/javascript", (value) => box("output-javascript", sandboxedJavaScript(joined(value)))],
  ["text/plain", (value, context) => context.text(joined(value), "output-text")],
];

/** The element that shows `context.bundle`. */
export function renderBundle(context: BundleContext): HTMLElement {
  const { bundle } = context;
  for (const [mime, renderer] of RENDERERS) {
    if (!(mime in bundle)) continue;
    try {
      const element = renderer(bundle[mime], context);
      element.dataset.mimeType = mime;
      return element;
    } catch (error) {
      console.error(`ardoise: could not render ${mime}`, error);
      if ("text/plain" in bundle && mime !== "text/plain") return context.text(joined(bundle["text/plain"]), "output-text");
      const detail = t("output.renderError", { detail: String(error) });
      return context.text(detail, "output-text output-error");
    }
  }
  return context.text(Object.keys(bundle).join(", "), "output-text output-unsupported");
}

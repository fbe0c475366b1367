// Output areas: each nbformat output rendered by MIME priority, as JupyterLab
// does. A renderer that fails degrades to text; it never blanks the page.
import type * as nbformat from "@jupyterlab/nbformat";
import { t } from "../i18n";
import { renderMarkdown } from "./markdown";
import { sanitizeHTML, sanitizeSVG } from "./sanitize";

type Bundle = Record<string, unknown>;
type Renderer = (value: unknown, bundle: Bundle, baseURL: URL) => HTMLElement;

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

// Colours arrive with the editing issue; until then escape codes must not show as garbage.
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;

function plain(value: unknown): string {
  return text(value).replace(ANSI_ESCAPE, "");
}

function pre(content: string, className: string): HTMLElement {
  const element = document.createElement("pre");
  element.className = className;
  element.textContent = content;
  return element;
}

function image(mime: string): Renderer {
  return (value, bundle) => {
    const img = document.createElement("img");
    img.src = `data:${mime};base64,${text(value).replace(/\s/g, "")}`;
    img.alt = typeof bundle["text/plain"] === "string" ? bundle["text/plain"] : "";
    img.className = "output-image";
    return img;
  };
}

const RENDERERS: [string, Renderer][] = [
  [
    "text/html",
    (value) => {
      const div = document.createElement("div");
      div.className = "output-html";
      div.append(sanitizeHTML(text(value)));
      return div;
    },
  ],
  [
    "image/svg+xml",
    (value) => {
      const div = document.createElement("div");
      div.className = "output-svg";
      div.append(sanitizeSVG(text(value)));
      return div;
    },
  ],
  ["image/png", image("image/png")],
  ["image/jpeg", image("image/jpeg")],
  ["image/gif", image("image/gif")],
  [
    "text/markdown",
    (value, _bundle, baseURL) => {
      const div = document.createElement("div");
      div.className = "output-markdown markdown";
      renderMarkdown(div, text(value), baseURL);
      return div;
    },
  ],
  ["text/latex", (value) => pre(text(value), "output-text")],
  ["application/json", (value) => pre(JSON.stringify(value, null, 2), "output-text")],
  ["text/plain", (value) => pre(plain(value), "output-text")],
];

function renderBundle(bundle: Bundle, baseURL: URL): HTMLElement {
  for (const [mime, renderer] of RENDERERS) {
    if (!(mime in bundle)) continue;
    try {
      return renderer(bundle[mime], bundle, baseURL);
    } catch (error) {
      console.error(`ardoise: could not render ${mime}`, error);
      if ("text/plain" in bundle) return pre(text(bundle["text/plain"]), "output-text");
      return pre(t("output.renderError", { detail: String(error) }), "output-text output-error");
    }
  }
  return pre(Object.keys(bundle).join(", "), "output-text output-unsupported");
}

export function renderOutput(output: nbformat.IOutput, baseURL: URL): HTMLElement {
  switch (output.output_type) {
    case "stream": {
      const name = (output as nbformat.IStream).name;
      return pre(plain((output as nbformat.IStream).text), `output-stream output-${name}`);
    }
    case "error": {
      const error = output as nbformat.IError;
      const element = pre(plain(error.traceback.join("\n")), "output-error");
      element.setAttribute("data-ename", error.ename);
      return element;
    }
    case "execute_result":
    case "display_data":
      return renderBundle((output as nbformat.IDisplayData).data as Bundle, baseURL);
    default:
      return pre(JSON.stringify(output), "output-text output-unsupported");
  }
}

/** Replaces the content of an output area with the rendering of `outputs`. */
export function renderOutputs(area: HTMLElement, outputs: nbformat.IOutput[], baseURL: URL): void {
  area.replaceChildren(
    ...outputs.map((output) => {
      const wrapper = document.createElement("div");
      wrapper.className = "output";
      wrapper.append(renderOutput(output, baseURL));
      return wrapper;
    }),
  );
  area.hidden = outputs.length === 0;
}

// Output areas: each nbformat output rendered as JupyterLab does. Streams,
// plain text and tracebacks show what a terminal would (ANSI colours, `\r`
// and `\b`), cut to head and tail when very long; rich bundles go by MIME
// priority (mime.ts). A renderer that fails degrades to text; it never blanks
// the page.
import type * as nbformat from "@jupyterlab/nbformat";
import { PLAIN } from "./ansi";
import { longText, preOf } from "./long-text";
import { renderBundle, joined, type Bundle } from "./mime";
import { watchScrolling } from "./scroll-region";
import { terminalRuns, type Run } from "./terminal";

type TextRenderer = (value: string, className: string) => HTMLElement;

// Which outputs of an area the user chose to see whole, by index: kept while
// a running cell's output grows and the area is drawn again.
const expandedOutputs = new WeakMap<HTMLElement, Set<number>>();

function plainRuns(text: string): Run[] {
  try {
    return terminalRuns(text);
  } catch (error) {
    console.error("ardoise: could not interpret terminal codes", error);
    return [{ text: text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, ""), style: PLAIN }];
  }
}

function textRenderer(expanded: Set<number>, index: number): TextRenderer {
  return (value, className) =>
    longText(plainRuns(value), className, expanded.has(index), () => expanded.add(index));
}

function render(output: nbformat.IOutput, baseURL: URL, text: TextRenderer): HTMLElement {
  switch (output.output_type) {
    case "stream": {
      const stream = output as nbformat.IStream;
      return text(joined(stream.text), `output-stream output-${stream.name}`);
    }
    case "error": {
      const error = output as nbformat.IError;
      const traceback = error.traceback?.length ? error.traceback.join("\n") : `${error.ename}: ${error.evalue}`;
      const element = text(traceback, "output-error");
      element.setAttribute("data-ename", error.ename);
      return element;
    }
    case "execute_result":
    case "display_data": {
      const display = output as nbformat.IDisplayData;
      const metadata = (display.metadata ?? {}) as Record<string, unknown>;
      return renderBundle({ bundle: (display.data ?? {}) as Bundle, metadata, baseURL, text });
    }
    default:
      return text(JSON.stringify(output), "output-text output-unsupported");
  }
}

/** The element that shows one output. */
export function renderOutput(output: nbformat.IOutput, baseURL: URL, text: TextRenderer = textRenderer(new Set(), 0)): HTMLElement {
  try {
    return render(output, baseURL, text);
  } catch (error) {
    console.error("ardoise: could not render an output", error);
    return preOf([{ text: JSON.stringify(output), style: PLAIN }], "output-text output-error");
  }
}

/** Consecutive chunks of one stream are one output, as in JupyterLab: a `\r` in one undoes what the last wrote. */
function mergeStreams(outputs: nbformat.IOutput[]): nbformat.IOutput[] {
  const merged: nbformat.IOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joined(last.text) + joined(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged;
}

/** Replaces the content of an output area with the rendering of `outputs`. */
export function renderOutputs(area: HTMLElement, allOutputs: nbformat.IOutput[], baseURL: URL): void {
  const outputs = mergeStreams(allOutputs);
  let expanded = expandedOutputs.get(area);
  if (!expanded || outputs.length === 0) expandedOutputs.set(area, (expanded = new Set()));
  const chosen = expanded;
  area.replaceChildren(
    ...outputs.map((output, index) => {
      const wrapper = document.createElement("div");
      wrapper.className = "output";
      wrapper.append(renderOutput(output, baseURL, textRenderer(chosen, index)));
      return wrapper;
    }),
  );
  area.hidden = outputs.length === 0;
  watchScrolling(area);
}

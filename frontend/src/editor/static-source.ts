// A cell's code shown as highlighted text until its editor is needed. Creating
// a CodeMirror editor costs milliseconds, so a notebook of hundreds of cells
// would keep its reader waiting for editors they cannot even see. The text is
// real text (find-in-page finds it, screen readers read it), highlighted with
// the editor's own style and laid out as the editor lays it out, so nothing
// moves or changes colour when the editor takes its place.
import { codeHighlightStyle } from "./highlight-style";
import { pythonLanguage } from "@codemirror/lang-python";
import { highlightCode } from "@lezer/highlight";
import { StyleModule } from "style-mod";

let styleMounted = false;

/** The editor's highlighting rules, in the page before any editor has put them there. */
function mountHighlightStyle(): void {
  if (styleMounted) return;
  styleMounted = true;
  if (codeHighlightStyle.module) StyleModule.mount(document, codeHighlightStyle.module);
}

/**
 * The code as text; highlighted when `highlighted` (parsing costs about a
 * millisecond a cell, so cells far from the screen start plain).
 */
export function staticSource(source: string, language: "python" | "text", highlighted: boolean): HTMLPreElement {
  mountHighlightStyle();
  const pre = document.createElement("pre");
  pre.className = "cell-source";
  if (language !== "python" || !highlighted) {
    pre.textContent = source;
  } else {
    const parts: Node[] = [];
    highlightCode(
      source,
      pythonLanguage.parser.parse(source),
      codeHighlightStyle,
      (text, classes) => {
        if (!classes) return void parts.push(document.createTextNode(text));
        const span = document.createElement("span");
        span.className = classes;
        span.textContent = text;
        parts.push(span);
      },
      () => void parts.push(document.createTextNode("\n")),
    );
    pre.append(...parts);
  }
  // A final empty line shows, as in the editor.
  if (source.endsWith("\n")) pre.append("\n");
  return pre;
}

/** The offset in the source of the point (x, y) of `pre`, to put the editor's cursor where the click was. */
export function offsetAt(pre: HTMLElement, x: number, y: number): number | null {
  const caret = document.caretPositionFromPoint?.(x, y);
  const node = caret?.offsetNode;
  if (!caret || !node || !pre.contains(node)) return null;
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text === node) return offset + caret.offset;
    offset += text.textContent?.length ?? 0;
  }
  return null;
}

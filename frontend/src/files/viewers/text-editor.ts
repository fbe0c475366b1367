// A text file in a CodeMirror editor, saved in the browser as the user types
// (half a second after the last keystroke, and when the editor closes).
import { codeHighlightStyle } from "../../editor/highlight-style";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { t } from "../../i18n";
import { basename, extension } from "../../paths";

const SAVE_DELAY_MS = 500;

export interface TextEditor {
  element: HTMLElement;
  /** Saves what is not saved yet; resolves once it is. */
  flush(): Promise<void>;
  destroy(): void;
}

function language(path: string, view: () => EditorView, compartment: Compartment): Extension {
  const ext = extension(path);
  if (ext === "py" || ext === "pyi") return python();
  if (ext === "md" || ext === "markdown") {
    // Markdown's grammar is large: loaded on demand, as for Markdown cells.
    void import("@codemirror/lang-markdown").then(({ markdown }) =>
      view().dispatch({ effects: compartment.reconfigure(markdown()) }),
    );
  }
  return [];
}

export function textEditor(path: string, text: string, save: (text: string) => Promise<void>, onSaved: (error: unknown) => void): TextEditor {
  const element = document.createElement("div");
  element.className = "file-text-editor";
  let timer = 0;
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;
  const doSave = () => {
    clearTimeout(timer);
    if (!dirty) return saving;
    dirty = false;
    const content = view.state.doc.toString();
    saving = saving.then(() => save(content)).then(
      () => onSaved(null),
      (error: unknown) => onSaved(error),
    );
    return saving;
  };
  const compartment = new Compartment();
  const view: EditorView = new EditorView({
    parent: element,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        indentOnInput(),
        syntaxHighlighting(codeHighlightStyle, { fallback: true }),
        // Tab indents; Esc then Tab moves the focus on (CodeMirror's escape hatch).
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        compartment.of(language(path, () => view, compartment)),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": t("files.editorLabel", { name: basename(path) }) }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          dirty = true;
          clearTimeout(timer);
          timer = window.setTimeout(() => void doSave(), SAVE_DELAY_MS);
        }),
      ],
    }),
  });
  return { element, flush: doSave, destroy: () => view.destroy() };
}

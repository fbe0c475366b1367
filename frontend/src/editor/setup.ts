// The CodeMirror 6 editor of a cell, bound to the cell's Y.Text so that every
// keystroke goes to the model (and from there to IndexedDB).
import { codeHighlightStyle } from "./highlight-style";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap, type KeyBinding } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { yCollab } from "y-codemirror.next";
import { kernelAssist, type KernelAssist } from "./assist";
import { imageAttachments, type AttachmentTarget } from "./attachments";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";

export interface EditorOptions {
  /** Completion and help from the kernel, for code cells. */
  assist?: KernelAssist;
  /** Where pasted and dropped images go, for Markdown cells. */
  attachments?: AttachmentTarget;
  source: Y.Text;
  undoManager: Y.UndoManager | null;
  language: "python" | "markdown" | "text";
  label: string;
  /** Cell-level keys (run, leave the editor): they take precedence over editing keys. */
  keys: KeyBinding[];
  onFocus(): void;
}

/** What each editor was bound to, to bind it again when a live session starts. */
const bindings = new WeakMap<EditorView, { options: EditorOptions; compartment: Compartment }>();
let liveAwareness: Awareness | null = null;

function collab(options: EditorOptions): Extension {
  return yCollab(options.source, liveAwareness, { undoManager: options.undoManager ?? false });
}

/**
 * Shows the carets and selections of the people in `awareness` (a live session)
 * in every editor, those already made and those made later; `null` stops.
 */
export function setEditorAwareness(awareness: Awareness | null, root: ParentNode = document): void {
  liveAwareness = awareness;
  for (const element of root.querySelectorAll<HTMLElement>(".cm-editor")) {
    const view = EditorView.findFromDOM(element);
    const binding = view && bindings.get(view);
    if (view && binding) view.dispatch({ effects: binding.compartment.reconfigure(collab(binding.options)) });
  }
}

function languageSupport(language: EditorOptions["language"]): Extension {
  return language === "python" ? python() : [];
}

/** Markdown highlighting (with HTML, CSS and JS inside) is large: load it only when a Markdown cell is edited. */
function loadMarkdown(view: EditorView, compartment: Compartment): void {
  import("@codemirror/lang-markdown").then(
    ({ markdown }) => view.dispatch({ effects: compartment.reconfigure(markdown()) }),
    (error: unknown) => console.error("ardoise: Markdown highlighting is unavailable", error),
  );
}

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  const language = new Compartment();
  const sync = new Compartment();
  const extensions: Extension[] = [
    // Help and completion first: Esc closes them before it leaves the editor.
    options.assist ? kernelAssist(options.assist) : [],
    options.attachments ? imageAttachments(options.attachments) : [],
    keymap.of(options.keys),
    sync.of(collab(options)),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    indentOnInput(),
    indentUnit.of("    "),
    EditorState.tabSize.of(4),
    syntaxHighlighting(codeHighlightStyle, { fallback: true }),
    // Tab indents; Esc then Tab moves focus on (CodeMirror's documented escape hatch).
    keymap.of([...defaultKeymap, indentWithTab]),
    language.of(languageSupport(options.language)),
    EditorView.lineWrapping,
    EditorView.domEventHandlers({ focus: () => options.onFocus() }),
  ];
  const view = new EditorView({ doc: options.source.toString(), extensions, parent });
  bindings.set(view, { options, compartment: sync });
  // Set directly rather than through a facet: the label changes as cells move.
  view.contentDOM.setAttribute("aria-label", options.label);
  if (options.language === "markdown") loadMarkdown(view, language);
  return view;
}

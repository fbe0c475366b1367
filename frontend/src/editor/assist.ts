// Tab completion and Shift+Tab help from the kernel, as in Jupyter: Tab after a
// name completes it (and indents on a blank line); Shift+Tab after a name shows
// its signature and docstring (and unindents otherwise).
import {
  acceptCompletion,
  autocompletion,
  completionStatus,
  startCompletion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { indentLess, indentMore } from "@codemirror/commands";
import { StateEffect, StateField, type Extension } from "@codemirror/state";
import { EditorView, keymap, showTooltip, type Tooltip } from "@codemirror/view";

export interface KernelAssist {
  complete(code: string, cursor: number): Promise<{ matches: string[]; cursor_start: number; cursor_end: number } | null>;
  inspect(code: string, cursor: number): Promise<{ found: boolean; data: Record<string, unknown> } | null>;
}

/** Jupyter counts positions in code points; JavaScript strings in UTF-16 units. */
function toCodePoints(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}

function fromCodePoints(text: string, points: number): number {
  return [...text].slice(0, points).join("").length;
}

function kernelSource(assist: KernelAssist) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const code = context.state.doc.toString();
    const reply = await assist.complete(code, toCodePoints(code, context.pos));
    if (!reply || reply.matches.length === 0) return null;
    return {
      from: fromCodePoints(code, reply.cursor_start),
      to: fromCodePoints(code, reply.cursor_end),
      options: reply.matches.map((label) => ({ label })),
      filter: false,
    };
  };
}

const setHelp = StateEffect.define<Tooltip | null>();

const helpField = StateField.define<Tooltip | null>({
  create: () => null,
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(setHelp)) return effect.value;
    return transaction.docChanged || transaction.selection ? null : value;
  },
  provide: (field) => showTooltip.from(field),
});

function helpTooltip(position: number, text: string): Tooltip {
  return {
    pos: position,
    above: false,
    create: () => {
      const dom = document.createElement("pre");
      dom.className = "cm-help";
      dom.setAttribute("role", "status");
      dom.textContent = text;
      return { dom };
    },
  };
}

function afterName(view: EditorView): boolean {
  const { head } = view.state.selection.main;
  const before = view.state.sliceDoc(view.state.doc.lineAt(head).from, head);
  return /[\w.)\]'"]$/.test(before);
}

export function kernelAssist(assist: KernelAssist): Extension {
  const showHelp = (view: EditorView): boolean => {
    if (!afterName(view)) return indentLess(view);
    const code = view.state.doc.toString();
    const head = view.state.selection.main.head;
    void assist.inspect(code, toCodePoints(code, head)).then((reply) => {
      const text = reply?.found ? String(reply.data["text/plain"] ?? "") : "";
      if (text) view.dispatch({ effects: setHelp.of(helpTooltip(head, text.replace(/\x1b\[[0-9;]*m/g, ""))) });
    });
    return true;
  };
  const complete = (view: EditorView): boolean => {
    // While the list is open Tab only ever accepts (never indents), even within
    // the short delay in which CodeMirror ignores a too-early accept.
    if (completionStatus(view.state) !== null) return acceptCompletion(view) || true;
    if (!afterName(view)) return indentMore(view);
    return startCompletion(view);
  };
  const closeHelp = (view: EditorView): boolean => {
    if (!view.state.field(helpField)) return false;
    view.dispatch({ effects: setHelp.of(null) });
    return true;
  };
  return [
    // The list opens only on request (Tab), so a Tab right after it opens is meant.
    autocompletion({ override: [kernelSource(assist)], activateOnTyping: false, icons: false, interactionDelay: 0 }),
    helpField,
    keymap.of([
      { key: "Tab", run: complete },
      { key: "Shift-Tab", run: showHelp },
      { key: "Escape", run: closeHelp },
    ]),
  ];
}

// Jupyter's command mode: single keys act on the selected cells when the focus
// is on a cell (not in its editor). Edit-mode keys live in NotebookView.keys().
import type { NotebookView } from "./view";

export interface Shortcut {
  keys: string;
  /** Catalog key of the description shown in the shortcuts panel. */
  help: string;
  mode: "command" | "edit";
}

/** What the shortcuts panel lists, in order. */
export const SHORTCUTS: Shortcut[] = [
  { keys: "Shift+Enter", help: "keys.runAdvance", mode: "command" },
  { keys: "Ctrl+Enter", help: "keys.run", mode: "command" },
  { keys: "Alt+Enter", help: "keys.runInsert", mode: "command" },
  { keys: "Enter", help: "keys.edit", mode: "command" },
  { keys: "↑ / K, ↓ / J", help: "keys.moveFocus", mode: "command" },
  { keys: "Shift+↑, Shift+↓", help: "keys.extend", mode: "command" },
  { keys: "A, B", help: "keys.insert", mode: "command" },
  { keys: "D, D", help: "keys.delete", mode: "command" },
  { keys: "X, C, V, Shift+V", help: "keys.clipboard", mode: "command" },
  { keys: "Z, Shift+Z", help: "keys.undo", mode: "command" },
  { keys: "Y, M, R", help: "keys.type", mode: "command" },
  { keys: "Shift+M", help: "keys.merge", mode: "command" },
  { keys: "Ctrl+Shift+↑, Ctrl+Shift+↓", help: "keys.move", mode: "command" },
  { keys: "I, I", help: "keys.interrupt", mode: "command" },
  { keys: "0, 0", help: "keys.restart", mode: "command" },
  { keys: "Ctrl+S", help: "keys.save", mode: "command" },
  { keys: "H", help: "keys.help", mode: "command" },
  { keys: "Esc", help: "keys.command", mode: "edit" },
  { keys: "Shift+Enter, Ctrl+Enter, Alt+Enter", help: "keys.runEdit", mode: "edit" },
  { keys: "Ctrl+Shift+-", help: "keys.split", mode: "edit" },
  { keys: "Ctrl+Z, Ctrl+Shift+Z", help: "keys.undoText", mode: "edit" },
  { keys: "Tab, Shift+Tab", help: "keys.indent", mode: "edit" },
  { keys: "Esc, Tab", help: "keys.leave", mode: "edit" },
];

export interface CommandActions {
  interrupt(): void;
  restart(): void;
  save(): void;
  help(): void;
}

/** Keys pressed twice within this delay count as a pair (D D, I I, 0 0). */
const PAIR_MS = 800;

export function installCommandKeys(view: NotebookView, actions: CommandActions): void {
  let last = { key: "", time: 0 };
  const pair = (key: string): boolean => {
    const now = performance.now();
    const isPair = last.key === key && now - last.time < PAIR_MS;
    last = isPair ? { key: "", time: 0 } : { key, time: now };
    return isPair;
  };

  view.element.addEventListener("keydown", (event) => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains("cell")) return; // typing in an editor, a button, a link…
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key;
    const handled = ((): boolean => {
      if (key === "Enter" && event.shiftKey) return void view.runAndAdvance(), true;
      if (key === "Enter" && mod) return void view.runCells(view.selectedIndices), true;
      if (key === "Enter" && event.altKey) return void view.runAndInsert(), true;
      if (key === "Enter") return view.edit(), true;
      if (mod && event.shiftKey && key === "ArrowUp") return view.move(-1), true;
      if (mod && event.shiftKey && key === "ArrowDown") return view.move(1), true;
      if (mod && (key === "s" || key === "S")) return actions.save(), true;
      if (mod || event.altKey) return false;
      if (key === "ArrowUp" || key === "k" || key === "K") return view.select(view.activeIndex - 1, event.shiftKey), true;
      if (key === "ArrowDown" || key === "j" || key === "J") return view.select(view.activeIndex + 1, event.shiftKey), true;
      switch (key) {
        case "a": return view.insert("above"), true;
        case "b": return view.insert("below"), true;
        case "x": return view.cutSelected(), true;
        case "c": return view.copySelected(), true;
        case "v": return view.paste("below"), true;
        case "V": return view.paste("above"), true;
        case "z": return view.undo(), true;
        case "Z": return view.redo(), true;
        case "y": return view.changeType("code"), true;
        case "m": return view.changeType("markdown"), true;
        case "r": return view.changeType("raw"), true;
        case "M": return view.mergeSelected(), true;
        case "h": return actions.help(), true;
        case "d": return pair("d") && (view.deleteSelected(), true), true;
        case "i": return pair("i") && (actions.interrupt(), true), true;
        case "0": return pair("0") && (actions.restart(), true), true;
        default: return false;
      }
    })();
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  });
}

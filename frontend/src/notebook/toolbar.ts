// The notebook's toolbar: every cell operation is reachable by mouse, touch and
// keyboard (a roving-focus toolbar is not needed: each control is in Tab order).
import { t } from "../i18n";
import { en, type MessageKey } from "../i18n/en";
import { disclosureMenu } from "../ui/menu";
import type { CellKind } from "./operations";
import type { NotebookView } from "./view";

const ICONS: Record<string, string> = {
  run: "M4 2.5v11l9-5.5z",
  stop: "M3.5 3.5h9v9h-9z",
  restart: "M13 8a5 5 0 1 1-1.5-3.6M13 2v3h-3",
  runAll: "M2 2.5v11l6-5.5zM8 2.5v11l6-5.5z",
  insert: "M8 3v10M3 8h10",
  cut: "M5 12a2 2 0 1 0 0-.1M11 12a2 2 0 1 0 0-.1M6 10l6-8M10 10 4 2",
  copy: "M5 5h8v8H5zM3 11V3h8",
  paste: "M4 3h8v11H4zM6 2h4v2H6z",
  up: "M8 13V3M4 7l4-4 4 4",
  down: "M8 3v10M4 9l4 4 4-4",
  delete: "M3 4h10M6 4V2h4v2M5 4l1 10h4l1-10",
  undo: "M5 3 2 6l3 3M2 6h7a4 4 0 0 1 0 8H6",
  clear: "M3 3l10 10M13 3 3 13",
  help: "M6 6a2 2 0 1 1 2.5 2c-.5.2-.5.6-.5 1.5M8 12v.5",
  download: "M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10",
  toc: "M2.5 4h1M6 4h7.5M2.5 8h1M6 8h7.5M2.5 12h1M6 12h7.5",
};

function icon(name: string): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name] ?? "");
  const filled = name === "run" || name === "runAll" || name === "stop";
  path.setAttribute("fill", filled ? "currentColor" : "none");
  path.setAttribute("stroke", filled ? "none" : "currentColor");
  path.setAttribute("stroke-width", "1.5");
  path.setAttribute("stroke-linecap", "round");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

export function toolButton(name: string, label: MessageKey, onClick: () => void, showText = false): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `tool tool-${name}`;
  button.append(icon(name));
  if (showText) {
    const text = document.createElement("span");
    text.textContent = t(label);
    button.append(text);
  } else {
    button.setAttribute("aria-label", t(label));
  }
  const title = `${label}.title`;
  button.title = title in en ? t(title as MessageKey) : t(label);
  button.addEventListener("click", onClick);
  return button;
}

function group(label: MessageKey, ...children: HTMLElement[]): HTMLElement {
  const element = document.createElement("div");
  element.className = "tool-group";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", t(label));
  element.append(...children);
  return element;
}

function cellTypeSelect(view: NotebookView): HTMLSelectElement {
  const select = document.createElement("select");
  select.className = "cell-type";
  select.setAttribute("aria-label", t("tb.cellType"));
  for (const kind of ["code", "markdown", "raw"] as const) select.append(new Option(t(`tb.type.${kind}`), kind));
  select.addEventListener("change", () => view.changeType(select.value as CellKind));
  const update = () => {
    select.value = view.cells[view.activeIndex]?.cellType ?? "code";
  };
  view.element.addEventListener("focusin", update);
  view.element.addEventListener("pointerup", update);
  view.notebook.changed.connect(update);
  update();
  return select;
}

export interface ToolbarActions {
  interrupt(): void;
  restart(): void;
  restartAndRunAll(): void;
  download(): void;
  help(): void;
}

/** A disclosure menu of less frequent actions. */
function moreMenu(items: [MessageKey, () => void][]): HTMLElement {
  const text = t("tb.more");
  return disclosureMenu(text, text, items.map(([label, run]) => ({ label: t(label), run })));
}

/** `panels` are the buttons that show and hide side panels (the table of contents). */
export function createToolbar(view: NotebookView, actions: ToolbarActions, status: HTMLElement, panels: HTMLElement[] = []): HTMLElement {
  const toolbar = document.createElement("div");
  toolbar.className = "toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", t("nb.toolbar"));
  const run = toolButton("run", "nb.run", () => void view.runAndAdvance(), true);
  run.classList.add("primary");
  toolbar.append(
    group(
      "tb.group.run",
      run,
      toolButton("stop", "tb.stop", actions.interrupt),
      toolButton("restart", "tb.restart", actions.restart),
      toolButton("runAll", "tb.runAll", () => void view.runAll()),
    ),
    group(
      "tb.group.cells",
      toolButton("insert", "tb.insertBelow", () => view.insert("below")),
      toolButton("cut", "tb.cut", () => view.cutSelected()),
      toolButton("copy", "tb.copy", () => view.copySelected()),
      toolButton("paste", "tb.paste", () => view.paste("below")),
      toolButton("up", "tb.moveUp", () => view.move(-1)),
      toolButton("down", "tb.moveDown", () => view.move(1)),
      toolButton("delete", "tb.delete", () => view.deleteSelected()),
      toolButton("undo", "tb.undo", () => view.undo()),
      cellTypeSelect(view),
    ),
    group(
      "tb.group.notebook",
      moreMenu([
        ["tb.insertAbove", () => view.insert("above")],
        ["tb.runAbove", () => void view.runAbove()],
        ["tb.runBelow", () => void view.runBelow()],
        ["tb.restartRunAll", actions.restartAndRunAll],
        ["tb.split", () => view.split()],
        ["tb.merge", () => view.mergeSelected()],
        ["tb.clear", () => view.clearOutputs()],
        ["tb.clearAll", () => view.clearOutputs(true)],
      ]),
      toolButton("download", "nb.download", actions.download, true),
      toolButton("help", "tb.shortcuts", actions.help),
      ...panels,
    ),
    status,
  );
  return toolbar;
}

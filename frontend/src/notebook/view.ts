// The notebook page's cell list: one CellView per model cell, in order; the
// active cell and the selection; command and edit modes; running cells.
import type { YCellType, YCodeCell, YNotebook } from "@jupyter/ydoc";
import type { KeyBinding } from "@codemirror/view";
import type { KernelAssist } from "../editor/assist";
import type { KernelClient } from "../kernel/client";
import type { IOPubMessage } from "../kernel/protocol";
import { t } from "../i18n";
import { CellView, type CellHost } from "./cell";
import { batchSummary, runSummary, type RunBatch } from "./run-summary";
import { OutputSink, updateDisplays } from "./sink";
import * as ops from "./operations";

export type Mode = "command" | "edit";

/** Editors are made for cells within a screen's height of the visible part. */
const EDITOR_MARGIN = "100% 0px";
/** Editors made per slice of idle time, at most: the page keeps answering while they are made. */
const EDITOR_BUDGET_MS = 12;
/** How long the page must have stopped scrolling before editors are made. */
const SCROLL_REST_MS = 150;
let lastScroll = -Infinity;
addEventListener("scroll", () => (lastScroll = performance.now()), { capture: true, passive: true });

export class NotebookView implements CellHost {
  readonly element = document.createElement("div");
  private views = new Map<YCellType, CellView>();
  private order: CellView[] = [];
  private active: CellView | null = null;
  /** The other end of a Shift-extended selection; equal to `active` when one cell is selected. */
  private anchor: CellView | null = null;
  private currentMode: Mode = "command";
  private readonly modeListeners = new Set<(mode: Mode) => void>();
  private readonly activeListeners = new Set<(cell: CellView) => void>();
  readonly assist: KernelAssist;
  private readonly cellOf = new WeakMap<Element, CellView>();
  private readonly nearScreen = new IntersectionObserver((entries) => this.comeNear(entries), { rootMargin: EDITOR_MARGIN });
  private readonly editorQueue = new Set<CellView>();
  private editorTask = 0;
  /** Says a text politely to screen readers (the page's status region); set by the page. */
  announce: (text: string) => void = () => undefined;

  constructor(
    readonly notebook: YNotebook,
    readonly kernel: KernelClient,
    readonly baseURL: URL,
  ) {
    this.assist = {
      complete: (code, cursor) => kernel.complete(code, cursor),
      inspect: (code, cursor) => kernel.inspect(code, cursor),
    };
    this.element.className = "cells";
    this.element.setAttribute("aria-label", t("nb.cells"));
    this.element.dataset.mode = "command";
    this.notebook.changed.connect((_, change) => {
      if (change.cellsChange) this.sync();
    });
    kernel.onDisplayUpdate((message) => this.updateDisplay(message));
    this.element.addEventListener("focusout", () => {
      // Leaving the editor for anything else (toolbar, outside) is command mode.
      requestAnimationFrame(() => {
        if (!this.active?.isEditing) this.setMode("command");
      });
    });
    this.sync();
  }

  // --- state ---

  get mode(): Mode {
    return this.currentMode;
  }

  get cells(): readonly CellView[] {
    return this.order;
  }

  get activeIndex(): number {
    return this.active ? this.order.indexOf(this.active) : 0;
  }

  /** Indices of the selected cells, in order (at least the active one). */
  get selectedIndices(): number[] {
    const a = this.activeIndex;
    const b = this.anchor ? this.order.indexOf(this.anchor) : a;
    const [from, to] = a <= b ? [a, b] : [b, a];
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }

  onModeChange(listener: (mode: Mode) => void): void {
    this.modeListeners.add(listener);
  }

  /** Called with the new active cell each time another cell becomes active. */
  onActiveChange(listener: (cell: CellView) => void): void {
    this.activeListeners.add(listener);
  }

  /** The active cell's view, if the notebook has cells. */
  get activeCell(): CellView | null {
    return this.active;
  }

  activate(cell: CellView, event?: PointerEvent): void {
    if (event?.shiftKey && this.active) {
      this.select(this.order.indexOf(cell), true);
      return;
    }
    this.setActive(cell, false);
  }

  enterEdit(cell: CellView): void {
    this.setActive(cell, false);
    this.setMode("edit");
  }

  /** Selects cell `index` (clamped); `extend` grows the selection from its anchor. */
  select(index: number, extend = false): void {
    const cell = this.order[Math.max(0, Math.min(index, this.order.length - 1))];
    if (!cell) return;
    this.setActive(cell, extend);
    this.setMode("command");
    cell.focus();
  }

  /** Edit mode on cell `index`. */
  edit(index: number = this.activeIndex): void {
    const cell = this.order[index];
    if (!cell) return;
    this.setActive(cell, false);
    cell.edit();
    this.setMode("edit");
  }

  /** Back to command mode on the active cell (Esc). */
  command(): void {
    const cell = this.active;
    if (cell?.cellType === "markdown") cell.render();
    this.setMode("command");
    cell?.focus();
  }

  /**
   * Runs `change`, which draws the cells again (the document swapped for one with the
   * same cells): the active cell, the selection and the mode stay, and where the cells
   * had the keyboard focus, it goes back to the same cell, and its editor's caret and
   * selection where they were.
   */
  keepingPlace(change: () => void): void {
    const active = this.activeIndex;
    const anchor = this.anchor ? this.order.indexOf(this.anchor) : active;
    const focused = this.element.contains(document.activeElement);
    const editing = this.active?.isEditing ?? false;
    const caret = this.active?.caret ?? null;
    change();
    const last = this.order.length - 1;
    const cell = this.order[Math.min(active, last)];
    if (!cell) return;
    this.setActive(this.order[Math.min(anchor, last)]!, false);
    this.setActive(cell, anchor !== active);
    if (!focused) return;
    if (editing) {
      if (caret) cell.editAt(caret);
      else cell.edit();
      this.setMode("edit");
    } else {
      cell.focus();
    }
  }

  keys(cell: CellView): KeyBinding[] {
    return [
      { key: "Shift-Enter", run: () => (void this.runAndAdvance([this.order.indexOf(cell)]), true) },
      { key: "Mod-Enter", run: () => (void this.runCells([this.order.indexOf(cell)]), true) },
      { key: "Alt-Enter", run: () => (void this.runAndInsert([this.order.indexOf(cell)]), true) },
      { key: "Escape", run: () => (this.command(), true) },
      { key: "Mod-Shift--", run: () => (this.split(), true) },
    ];
  }

  // --- operations (toolbar and keyboard) ---

  insert(where: "above" | "below", kind: ops.CellKind = "code"): void {
    const index = where === "above" ? this.activeIndex : this.activeIndex + 1;
    ops.insertCell(this.notebook, index, kind);
    this.select(index);
  }

  deleteSelected(): void {
    const indices = this.selectedIndices;
    const next = indices[0]!;
    ops.deleteCells(this.notebook, indices);
    if (this.order.length === 0) ops.insertCell(this.notebook, 0);
    this.select(Math.min(next, this.order.length - 1));
  }

  copySelected(): void {
    ops.copyCells(this.selectedIndices.map((i) => this.order[i]!.model));
  }

  cutSelected(): void {
    this.copySelected();
    this.deleteSelected();
  }

  paste(where: "above" | "below"): void {
    const indices = this.selectedIndices;
    const index = where === "above" ? indices[0]! : indices[indices.length - 1]! + 1;
    const count = ops.pasteCells(this.notebook, index);
    if (count) this.select(index + count - 1);
  }

  move(delta: -1 | 1): void {
    const indices = this.selectedIndices;
    const from = indices[0]!;
    const activeOffset = this.activeIndex - from;
    const anchorOffset = (this.anchor ? this.order.indexOf(this.anchor) : this.activeIndex) - from;
    if (!ops.moveCells(this.notebook, from, indices.length, delta)) return;
    this.select(from + delta + anchorOffset);
    this.select(from + delta + activeOffset, indices.length > 1);
  }

  changeType(kind: ops.CellKind): void {
    const indices = this.selectedIndices;
    ops.changeType(this.notebook, indices, kind);
    this.select(indices[indices.length - 1]!);
  }

  mergeSelected(): void {
    let indices = this.selectedIndices;
    if (indices.length === 1) indices = [indices[0]!, indices[0]! + 1].filter((i) => i < this.order.length);
    if (indices.length < 2) return;
    ops.mergeCells(this.notebook, indices);
    this.select(indices[0]!);
  }

  split(): void {
    const cell = this.active;
    const offset = cell?.cursor;
    if (!cell || offset === null || offset === undefined) return;
    const index = this.activeIndex;
    ops.splitCell(this.notebook, index, offset);
    this.edit(index + 1);
  }

  undo(): void {
    this.notebook.undo();
    this.select(this.activeIndex);
  }

  redo(): void {
    this.notebook.redo();
    this.select(this.activeIndex);
  }

  clearOutputs(all = false): void {
    const indices = all ? this.order.map((_, i) => i) : this.selectedIndices;
    for (const i of indices) {
      const cell = this.order[i]!;
      if (cell.cellType === "code") {
        (cell.model as YCodeCell).clearOutputs();
        (cell.model as YCodeCell).execution_count = null;
      }
    }
  }

  // --- running ---

  /** Runs the selection and selects the cell after it (inserting one at the end, as Jupyter does). */
  async runAndAdvance(indices: number[] = this.selectedIndices): Promise<void> {
    const running = this.runCells(indices);
    const next = indices[indices.length - 1]! + 1;
    if (next >= this.order.length) {
      ops.insertCell(this.notebook, next);
      this.edit(next);
    } else {
      this.select(next);
    }
    await running;
  }

  async runAndInsert(indices: number[] = this.selectedIndices): Promise<void> {
    const running = this.runCells(indices);
    const next = indices[indices.length - 1]! + 1;
    ops.insertCell(this.notebook, next);
    this.edit(next);
    await running;
  }

  runAll(): Promise<void> {
    return this.runCells(this.order.map((_, i) => i));
  }

  runAbove(): Promise<void> {
    return this.runCells(this.order.slice(0, this.activeIndex).map((_, i) => i));
  }

  runBelow(): Promise<void> {
    return this.runCells(this.order.slice(this.activeIndex).map((_, i) => i + this.activeIndex));
  }

  async restartAndRunAll(): Promise<void> {
    await this.kernel.restart();
    await this.runAll();
  }

  /** Queues the cells at `indices` in the kernel, in order. */
  async runCells(indices: number[]): Promise<void> {
    const cells = indices.map((i) => this.order[i]).filter((c): c is CellView => c !== undefined);
    // Several code cells: one summary at the end, rather than each result
    // replacing the last before a screen reader has finished saying it.
    const batch: RunBatch | undefined = cells.filter((c) => c.cellType === "code").length > 1 ? [] : undefined;
    await Promise.all(cells.map((cell) => this.run(cell, batch)));
    if (batch?.length) this.announce(batchSummary(batch));
  }

  /** Runs one cell; its result is announced, or added to `batch` to be summed up. */
  async run(cell: CellView, batch?: RunBatch): Promise<void> {
    if (cell.cellType === "markdown") return cell.render();
    if (cell.cellType !== "code") return;
    const model = cell.model as YCodeCell;
    model.clearOutputs();
    cell.setRunState("queued");
    const sink = new OutputSink(model);
    let started = false;
    const reply = await this.kernel.execute(
      model.getSource(),
      (message) => {
        if (message.header.msg_type === "execute_input") {
          started = true;
          cell.setRunState("running");
        }
        sink.add(message);
      },
      async ({ prompt, password }) => {
        sink.flush(); // what the cell printed shows above the question
        const value = await cell.ask(prompt, password);
        sink.echoInput(prompt, value, password);
        return value;
      },
    );
    sink.flush();
    cell.endInput();
    if (reply.status === "aborted") {
      if (this.kernel.status === "dead") sink.note(t(started ? "output.died" : "output.aborted"));
    } else {
      model.execution_count = reply.execution_count;
    }
    cell.setRunState("idle");
    const n = this.order.indexOf(cell) + 1;
    if (reply.status === "aborted" || n <= 0) return;
    const summary = runSummary(n, model.execution_count ?? null, model.outputs);
    if (batch) batch.push({ failed: reply.status === "error", summary });
    else this.announce(summary);
  }

  /** update_display_data: new content for every output shown with that display id, in any cell. */
  private updateDisplay(message: IOPubMessage): void {
    const cells = this.order.filter((view) => view.cellType === "code").map((view) => view.model as YCodeCell);
    this.notebook.transact(() => updateDisplays(cells, message), false);
  }

  // --- editors, made as cells come near the screen ---

  deferEditor(cell: CellView): void {
    this.cellOf.set(cell.element, cell);
    this.nearScreen.observe(cell.element);
  }

  private comeNear(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const cell = this.cellOf.get(entry.target);
      if (!cell) continue;
      if (!entry.isIntersecting) {
        this.editorQueue.delete(cell); // scrolled past before its turn
        continue;
      }
      cell.comeNear();
      this.editorQueue.add(cell);
    }
    this.scheduleEditors();
  }

  private scheduleEditors(): void {
    if (!this.editorQueue.size || this.editorTask) return;
    // While the page scrolls, cells only pass by: make editors once it rests.
    const resting = performance.now() - lastScroll >= SCROLL_REST_MS;
    this.editorTask = resting ? whenIdle(() => this.makeEditors()) : window.setTimeout(() => ((this.editorTask = 0), this.scheduleEditors()), SCROLL_REST_MS);
  }

  private makeEditors(): void {
    this.editorTask = 0;
    const start = performance.now();
    for (const cell of this.editorQueue) {
      if (performance.now() - start > EDITOR_BUDGET_MS) break;
      this.editorQueue.delete(cell);
      this.nearScreen.unobserve(cell.element);
      cell.ensureEditor();
    }
    this.scheduleEditors();
  }

  // --- internals ---

  private setActive(cell: CellView, extend: boolean): void {
    if (this.active !== cell) {
      this.active?.setActive(false);
      this.active = cell;
      cell.setActive(true);
      for (const listener of this.activeListeners) listener(cell);
    }
    if (!extend) this.anchor = cell;
    const selected = new Set(this.selectedIndices.map((i) => this.order[i]));
    for (const view of this.order) view.setSelected(selected.has(view) && selected.size > 1);
  }

  private setMode(mode: Mode): void {
    if (this.currentMode === mode) return;
    this.currentMode = mode;
    this.element.dataset.mode = mode;
    for (const listener of this.modeListeners) listener(mode);
  }

  private sync(): void {
    const cells = this.notebook.cells;
    const next = cells.map((cell) => this.views.get(cell) ?? new CellView(cell, this));
    const keep = new Set(next);
    for (const view of this.order) {
      if (keep.has(view)) continue;
      this.nearScreen.unobserve(view.element);
      this.editorQueue.delete(view);
      view.dispose();
    }
    this.views = new Map(next.map((view) => [view.model, view]));
    const previousIndex = this.active ? this.order.indexOf(this.active) : 0;
    this.order = next;
    // Re-append in model order; appending an attached node moves it.
    next.forEach((view, i) => {
      if (this.element.children[i] !== view.element) this.element.insertBefore(view.element, this.element.children[i] ?? null);
      view.setPosition(i + 1, next.length);
    });
    if (this.anchor && !keep.has(this.anchor)) this.anchor = null;
    if (this.active && !keep.has(this.active)) this.active = null;
    const fallback = next[Math.min(previousIndex, next.length - 1)];
    if (!this.active && fallback) this.setActive(fallback, false);
  }
}

/** The next idle moment (or soon, where the browser has no idle callbacks). */
function whenIdle(task: () => void): number {
  return typeof requestIdleCallback === "function" ? requestIdleCallback(task, { timeout: 200 }) : window.setTimeout(task, 16);
}

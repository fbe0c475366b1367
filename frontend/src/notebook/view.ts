// The notebook page's cell list: keeps one CellView per cell of the model, in
// order, and runs cells through the kernel client.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YCellType, YCodeCell, YNotebook } from "@jupyter/ydoc";
import type { KeyBinding } from "@codemirror/view";
import type { KernelClient } from "../kernel/client";
import type { IOPubMessage } from "../kernel/protocol";
import { t } from "../i18n";
import { CellView, type CellHost } from "./cell";

export class NotebookView implements CellHost {
  readonly element = document.createElement("div");
  private views = new Map<YCellType, CellView>();
  private order: CellView[] = [];
  private active: CellView | null = null;

  constructor(
    readonly notebook: YNotebook,
    private readonly kernel: KernelClient,
    readonly baseURL: URL,
  ) {
    this.element.className = "cells";
    this.element.setAttribute("aria-label", t("nb.cells"));
    this.notebook.changed.connect((_, change) => {
      if (change.cellsChange) this.sync();
    });
    this.sync();
  }

  get activeIndex(): number {
    return this.active ? this.order.indexOf(this.active) : 0;
  }

  activate(cell: CellView): void {
    if (this.active === cell) return;
    this.active?.setActive(false);
    this.active = cell;
    cell.setActive(true);
  }

  keys(cell: CellView): KeyBinding[] {
    return [
      { key: "Shift-Enter", run: () => (void this.runAndAdvance(cell), true) },
      { key: "Mod-Enter", run: () => (void this.run(cell), true) },
      { key: "Alt-Enter", run: () => (void this.runAndInsert(cell), true) },
    ];
  }

  /** Runs the selected cell and selects the next one (the toolbar's Run). */
  runSelected(): Promise<void> {
    const cell = this.active ?? this.order[0];
    return cell ? this.runAndAdvance(cell) : Promise.resolve();
  }

  focusCell(index: number): void {
    const cell = this.order[Math.max(0, Math.min(index, this.order.length - 1))];
    if (!cell) return;
    this.activate(cell);
    cell.focus();
  }

  async runAndAdvance(cell: CellView): Promise<void> {
    const running = this.run(cell);
    const index = this.order.indexOf(cell);
    if (index === this.order.length - 1) this.insertCode(index + 1);
    this.focusCell(index + 1);
    await running;
  }

  async runAndInsert(cell: CellView): Promise<void> {
    const running = this.run(cell);
    this.insertCode(this.order.indexOf(cell) + 1);
    this.focusCell(this.order.indexOf(cell) + 1);
    await running;
  }

  async run(cell: CellView): Promise<void> {
    if (cell.cellType === "markdown") return cell.render();
    if (cell.cellType !== "code") return;
    const model = cell.model as YCodeCell;
    model.clearOutputs();
    cell.setRunState("queued");
    const sink = new OutputSink(model);
    const reply = await this.kernel.execute(model.getSource(), (message) => {
      if (message.header.msg_type === "execute_input") cell.setRunState("running");
      sink.add(message);
    });
    if (reply.status === "aborted") {
      sink.add({ header: { msg_type: "stream" }, content: { name: "stderr", text: t("output.aborted") + "\n" } } as IOPubMessage);
    } else {
      model.execution_count = reply.execution_count;
    }
    cell.setRunState("idle");
  }

  private insertCode(index: number): void {
    this.notebook.insertCell(index, { cell_type: "code", source: "", metadata: {} });
  }

  private sync(): void {
    const cells = this.notebook.cells;
    const next = cells.map((cell) => this.views.get(cell) ?? new CellView(cell, this));
    const keep = new Set(next);
    for (const view of this.order) if (!keep.has(view)) view.dispose();
    this.views = new Map(next.map((view) => [view.model, view]));
    this.order = next;
    // Re-append in model order; appending an attached node moves it.
    next.forEach((view, i) => {
      if (this.element.children[i] !== view.element) this.element.insertBefore(view.element, this.element.children[i] ?? null);
      view.setPosition(i + 1, next.length);
    });
    if (this.active && !keep.has(this.active)) this.active = null;
    if (!this.active && next[0]) this.activate(next[0]);
  }
}

/** Turns the IOPub messages of one execution into the cell's nbformat outputs. */
class OutputSink {
  private clearPending = false;

  constructor(private readonly cell: YCodeCell) {}

  add(message: IOPubMessage): void {
    const type = message.header.msg_type;
    if (type === "clear_output") {
      if ((message.content as { wait: boolean }).wait) this.clearPending = true;
      else this.cell.clearOutputs();
      return;
    }
    if (type === "status" || type === "execute_input") return;
    if (this.clearPending) {
      this.clearPending = false;
      this.cell.clearOutputs();
    }
    const outputs = this.cell.youtputs;
    const content = message.content as unknown as Record<string, unknown>;
    if (type === "stream") {
      const last = outputs.length - 1;
      const previous = last >= 0 ? (outputs.get(last) as { get(key: string): unknown }) : null;
      if (previous && previous.get("output_type") === "stream" && previous.get("name") === content.name) {
        this.cell.appendStreamOutput(last, content.text as string);
        return;
      }
    }
    const output = { output_type: type, ...content } as nbformat.IOutput;
    if (type === "display_data" || type === "update_display_data") delete (output as { transient?: unknown }).transient;
    if (type === "update_display_data") return; // display ids arrive with the kernel issue
    this.cell.updateOutputs(outputs.length, outputs.length, [output]);
  }
}

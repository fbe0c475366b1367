// One cell on the page: its editor (bound to the model), its rendered Markdown,
// its prompt and its output area. The view only reads the model and reacts to
// its changes; the notebook view decides what runs. A code cell shows its code
// as highlighted text until the notebook view asks for its editor (the cell
// came near the screen) or the user reaches for it (click, Enter).
import type * as nbformat from "@jupyterlab/nbformat";
import type { YCellType, YCodeCell, YMarkdownCell } from "@jupyter/ydoc";
import { EditorSelection } from "@codemirror/state";
import type { EditorView, KeyBinding } from "@codemirror/view";
import type * as Y from "yjs";
import type { KernelAssist } from "../editor/assist";
import { createEditor } from "../editor/setup";
import { offsetAt, staticSource } from "../editor/static-source";
import { t } from "../i18n";
import { renderMarkdown } from "../render/markdown";
import { renderOutputs } from "../render/outputs";
import { focusField, stdinField, type StdinQuestion } from "./stdin-field";

export type RunState = "idle" | "queued" | "running";

/** Where an editor's caret is: each range's anchor and head (offsets in the source), and which is the main one. */
export interface Caret {
  ranges: { anchor: number; head: number }[];
  main: number;
}

export interface CellHost {
  baseURL: URL;
  keys(cell: CellView): KeyBinding[];
  /** The user clicked or focused the cell (command mode) or its editor (edit mode). */
  activate(cell: CellView, event?: PointerEvent): void;
  enterEdit(cell: CellView): void;
  assist: KernelAssist;
  run(cell: CellView): Promise<void>;
  /** Calls `cell.comeNear()` then, soon, `cell.ensureEditor()` once the cell comes near the screen. */
  deferEditor(cell: CellView): void;
}

export class CellView {
  readonly element = document.createElement("div");
  private readonly prompt = document.createElement("div");
  private readonly editorHost = document.createElement("div");
  private readonly rendered = document.createElement("div");
  private readonly outputArea = document.createElement("div");
  readonly runButton = document.createElement("button");
  private editor: EditorView | null = null;
  private position = { n: 1, total: 1 };
  private runState: RunState = "idle";
  private selected = false;
  private frame = 0;
  private question: StdinQuestion | null = null;
  private near = false;
  private showSource: () => void = () => undefined;
  private readonly disposers: (() => void)[] = [];

  constructor(
    readonly model: YCellType,
    private readonly host: CellHost,
  ) {
    this.element.className = `cell cell-${model.cell_type}`;
    this.element.setAttribute("role", "group");
    this.element.tabIndex = -1;
    this.element.dataset.cellId = model.id;
    this.prompt.className = "cell-prompt";
    this.editorHost.className = "cell-editor";
    this.element.addEventListener("pointerdown", (event) => host.activate(this, event));

    if (model.cell_type === "code") this.buildCode(model as YCodeCell);
    else if (model.cell_type === "markdown") this.buildMarkdown();
    else this.element.append(this.prompt, this.editorHost);
    if (model.cell_type !== "markdown") this.buildSource();
  }

  get cellType(): string {
    return this.model.cell_type;
  }

  setPosition(n: number, total: number): void {
    this.position = { n, total };
    this.updateLabels();
  }

  setRunState(state: RunState): void {
    this.runState = state;
    this.element.dataset.runState = state;
    this.updatePrompt();
    this.updateLabels();
  }

  setActive(active: boolean): void {
    this.element.classList.toggle("active", active);
    // Only the active cell is in the Tab order (roving tabindex).
    this.element.tabIndex = active ? 0 : -1;
  }

  setSelected(selected: boolean): void {
    this.element.classList.toggle("selected", selected);
    // A group has no aria-selected: the selection is said in the cell's name.
    this.selected = selected;
    this.updateLabels();
  }

  /** Command mode: the cell itself has the focus. */
  focus(): void {
    this.element.focus({ preventScroll: false });
    this.element.scrollIntoView({ block: "nearest" });
  }

  get isEditing(): boolean {
    return this.editor?.hasFocus ?? false;
  }

  /** The cursor's offset in the source, when the editor has one. */
  get cursor(): number | null {
    return this.editor ? this.editor.state.selection.main.head : null;
  }

  /** The editor's selection (anchor and head of each range, the main one's index), when it has one. */
  get caret(): Caret | null {
    if (!this.editor) return null;
    const { ranges, mainIndex } = this.editor.state.selection;
    return { ranges: ranges.map((range) => ({ anchor: range.anchor, head: range.head })), main: mainIndex };
  }

  /** Edit mode with `caret` (clamped to the source) as the editor's selection. */
  editAt(caret: Caret): void {
    this.edit();
    const editor = this.editor;
    if (!editor) return;
    const end = editor.state.doc.length;
    const ranges = caret.ranges.map(({ anchor, head }) => EditorSelection.range(Math.min(anchor, end), Math.min(head, end)));
    if (ranges.length) editor.dispatch({ selection: EditorSelection.create(ranges, Math.min(caret.main, ranges.length - 1)), scrollIntoView: true });
  }

  /** The cell came near the screen: its code is highlighted while its editor is being made. */
  comeNear(): void {
    if (this.near) return;
    this.near = true;
    this.showSource();
  }

  /** The editor in place of the static code (once; it stays). */
  ensureEditor(): void {
    if (!this.editor) this.mountEditor();
  }

  /** Shows the Markdown source for editing. */
  edit(): void {
    if (this.model.cell_type !== "markdown") {
      this.ensureEditor();
      this.editor?.focus();
      return;
    }
    this.rendered.hidden = true;
    this.editorHost.hidden = false;
    if (!this.editor) this.mountEditor();
    this.editor?.focus();
  }

  /** Shows the rendered Markdown. */
  render(): void {
    if (this.model.cell_type !== "markdown") return;
    const source = this.model.getSource();
    const attachments = (this.model as YMarkdownCell).getAttachments();
    if (source.trim()) renderMarkdown(this.rendered, source, this.host.baseURL, attachments);
    else this.rendered.textContent = t("cell.emptyMarkdown");
    this.rendered.classList.toggle("empty", !source.trim());
    this.rendered.hidden = false;
    this.editorHost.hidden = true;
  }

  /**
   * Shows the question of input() under the outputs, with the focus in its
   * field; resolves with the line typed. The field goes once answered.
   */
  async ask(prompt: string, password: boolean): Promise<string> {
    this.endInput();
    const question = stdinField(prompt, password, this.position.n);
    question.element.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.leaveInput();
    });
    this.question = question;
    this.element.append(question.element);
    focusField(question);
    const value = await question.answer;
    if (this.question === question) this.endInput();
    return value;
  }

  /** Removes the question, if any (answered, or the cell ended or was stopped). */
  endInput(): void {
    const question = this.question;
    if (!question) return;
    this.question = null;
    const hadFocus = question.focused;
    question.element.remove();
    // The focus was in the field: it comes back to the cell, in command mode.
    if (hadFocus) this.leaveInput();
  }

  private leaveInput(): void {
    this.host.activate(this);
    this.focus();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    for (const dispose of this.disposers) dispose();
    this.editor?.destroy();
    this.element.remove();
  }

  private buildCode(cell: YCodeCell): void {
    this.runButton.type = "button";
    this.runButton.addEventListener("click", () => void this.host.run(this));
    this.runButton.className = "run-button";
    this.runButton.innerHTML = '<svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><path d="M4 2.5v11l9-5.5z" fill="currentColor"/></svg>';
    const promptText = document.createElement("span");
    promptText.className = "prompt-text";
    this.prompt.append(this.runButton, promptText);
    this.outputArea.className = "cell-outputs";
    this.outputArea.setAttribute("role", "region");
    this.element.append(this.prompt, this.editorHost, this.outputArea);

    const outputsChanged = () => this.scheduleOutputs();
    cell.youtputs.observeDeep(outputsChanged);
    this.disposers.push(() => cell.youtputs.unobserveDeep(outputsChanged));
    const changed = (_: unknown, change: { executionCountChange?: unknown }) => {
      if (change.executionCountChange) this.updatePrompt();
    };
    cell.changed.connect(changed);
    this.disposers.push(() => cell.changed.disconnect(changed));
    this.updatePrompt();
    renderOutputs(this.outputArea, cell.getOutputs(), this.host.baseURL);
  }

  private buildMarkdown(): void {
    this.rendered.className = "markdown cell-rendered";
    this.rendered.title = t("cell.editMarkdown");
    this.rendered.addEventListener("dblclick", () => this.edit());
    this.element.append(this.prompt, this.rendered, this.editorHost);
    const changed = (_: unknown, change: { attachmentsChange?: unknown }) => {
      if (change.attachmentsChange && !this.rendered.hidden) this.render();
    };
    this.model.changed.connect(changed);
    this.disposers.push(() => this.model.changed.disconnect(changed));
    this.render();
  }

  /** Keeps an image pasted or dropped in the editor; a different image never replaces one of the same name. */
  private attach(name: string, mime: string, base64: string): string {
    const cell = this.model as YMarkdownCell;
    const current = cell.getAttachments() ?? {};
    const dot = name.lastIndexOf(".");
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let unique = name;
    for (let n = 1; current[unique] && current[unique]![mime] !== base64; n++) unique = `${stem}-${n}${extension}`;
    cell.setAttachments({ ...current, [unique]: { [mime]: base64 } });
    return unique;
  }

  /** The code as text, kept up to date (another tab, an undo) until the editor replaces it. */
  private buildSource(): void {
    const language = this.model.cell_type === "code" ? "python" : "text";
    const show = () => {
      if (!this.editor) this.editorHost.replaceChildren(staticSource(this.model.getSource(), language, this.near));
    };
    this.showSource = show;
    show();
    const source = (this.model as unknown as { ysource: Y.Text }).ysource;
    let frame = 0;
    const changed = () => {
      if (!this.editor && !frame) frame = requestAnimationFrame(() => ((frame = 0), show()));
    };
    source.observe(changed);
    this.disposers.push(() => (source.unobserve(changed), cancelAnimationFrame(frame)));
    // A click on the text edits there, as a click in the editor would.
    this.editorHost.addEventListener("mousedown", (event) => {
      if (this.editor || event.button !== 0) return;
      const pre = this.editorHost.querySelector("pre");
      const offset = pre ? offsetAt(pre, event.clientX, event.clientY) : null;
      event.preventDefault();
      this.ensureEditor();
      this.editor!.focus();
      if (offset !== null) this.editor!.dispatch({ selection: { anchor: Math.min(offset, this.editor!.state.doc.length) } });
    });
    this.host.deferEditor(this);
  }

  private mountEditor(): void {
    if (this.model.cell_type !== "markdown") this.editorHost.replaceChildren();
    const language = this.model.cell_type === "code" ? "python" : this.model.cell_type === "markdown" ? "markdown" : "text";
    this.editor = createEditor(this.editorHost, {
      source: (this.model as unknown as { ysource: Y.Text }).ysource,
      undoManager: (this.model.undoManager as Y.UndoManager | null) ?? null,
      language,
      label: this.editorLabel(),
      keys: this.host.keys(this),
      ...(this.model.cell_type === "code" ? { assist: this.host.assist } : {}),
      ...(this.model.cell_type === "markdown" ? { attachments: { attach: this.attach.bind(this) } } : {}),
      onFocus: () => this.host.enterEdit(this),
    });
  }

  private editorLabel(): string {
    return this.model.cell_type === "markdown"
      ? t("cell.markdownEditor", { n: this.position.n })
      : t("cell.editor", { n: this.position.n });
  }

  private scheduleOutputs(): void {
    // Many stream messages can arrive per frame; render at most once per frame.
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      renderOutputs(this.outputArea, (this.model as YCodeCell).getOutputs() as nbformat.IOutput[], this.host.baseURL);
    });
  }

  private updatePrompt(): void {
    if (this.model.cell_type !== "code") return;
    const count = (this.model as YCodeCell).execution_count;
    const text = this.runState === "running" ? "[*]" : this.runState === "queued" ? "[ ]" : `[${count ?? " "}]`;
    const promptText = this.prompt.querySelector(".prompt-text");
    if (promptText) promptText.textContent = text;
    this.updateLabels();
  }

  private updateLabels(): void {
    const { n, total } = this.position;
    const key = this.model.cell_type === "code" ? "cell.code" : this.model.cell_type === "markdown" ? "cell.markdown" : "cell.raw";
    const parts = [t(key, { n, total })];
    if (this.model.cell_type === "code") {
      const count = (this.model as YCodeCell).execution_count;
      if (this.runState === "running") parts.push(t("cell.running"));
      else if (this.runState === "queued") parts.push(t("cell.queued"));
      else if (count !== null && count !== undefined) parts.push(t("cell.ranAs", { count }));
      this.outputArea.setAttribute("aria-label", t("cell.output", { n }));
      this.runButton.setAttribute("aria-label", t("cell.run"));
      this.runButton.title = t("cell.run");
    }
    if (this.selected) parts.push(t("cell.selected"));
    this.element.setAttribute("aria-label", parts.join(", "));
    this.editor?.contentDOM.setAttribute("aria-label", this.editorLabel());
  }
}

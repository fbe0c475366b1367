// The table of contents: the headings of the Markdown cells, nested by level,
// kept up to date as cells change. Choosing an entry (click, or Enter on it)
// selects that cell and scrolls its heading into view. On a narrow screen the
// panel lies over the notebook instead of squeezing it, and closes once an
// entry is chosen so that the cell can be seen.
import type { YCellType } from "@jupyter/ydoc";
import { t } from "../i18n";
import { headingsOf, type Heading } from "../render/outline";
import { toolButton } from "./toolbar";
import type { NotebookView } from "./view";

interface Entry extends Heading {
  cell: number;
  /** Which heading of its cell this is (0 for the first). */
  ordinal: number;
}

/** Below this width the panel overlays the notebook (the same breakpoint as the CSS). */
const OVERLAY = "(max-width: 47.99rem)";
const UPDATE_DELAY_MS = 300;
const HEADINGS = ":is(h1, h2, h3, h4, h5, h6)";

export class TableOfContents {
  readonly element = document.createElement("nav");
  readonly toggle: HTMLButtonElement;
  private readonly list = document.createElement("div");
  private readonly cache = new WeakMap<YCellType, { source: string; headings: Heading[] }>();
  private entries: Entry[] = [];
  private timer = 0;

  constructor(private readonly view: NotebookView) {
    this.element.className = "toc";
    this.element.id = "toc";
    this.element.setAttribute("aria-label", t("toc.label"));
    this.element.hidden = true;
    const header = document.createElement("div");
    header.className = "toc-header";
    const title = document.createElement("h2");
    title.textContent = t("toc.title");
    const close = toolButton("clear", "toc.close", () => this.close(true));
    header.append(title, close);
    this.list.className = "toc-entries";
    this.element.append(header, this.list);

    this.toggle = toolButton("toc", "tb.toc", () => (this.isOpen ? this.close(true) : this.open()));
    this.toggle.setAttribute("aria-controls", this.element.id);
    this.toggle.setAttribute("aria-expanded", "false");

    view.notebook.ydoc.on("update", () => this.scheduleUpdate());
    view.element.addEventListener("focusin", () => this.markCurrent());
    this.element.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      // A tap beside the overlaid panel closes it, as for any overlay.
      const target = event.target as Node;
      if (this.isOpen && this.overlays && !this.element.contains(target) && !this.toggle.contains(target)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  private get overlays(): boolean {
    return window.matchMedia(OVERLAY).matches;
  }

  open(): void {
    this.update();
    this.element.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    (this.list.querySelector<HTMLElement>("a[aria-current]") ?? this.list.querySelector<HTMLElement>("a") ?? this.element).focus();
  }

  close(returnFocus: boolean): void {
    this.element.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) this.toggle.focus();
  }

  private scheduleUpdate(): void {
    if (!this.isOpen) return; // read when opened
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.update(), UPDATE_DELAY_MS);
  }

  private headings(model: YCellType): Heading[] {
    const source = model.getSource();
    const cached = this.cache.get(model);
    if (cached?.source === source) return cached.headings;
    const headings = headingsOf(source);
    this.cache.set(model, { source, headings });
    return headings;
  }

  private update(): void {
    const entries: Entry[] = [];
    this.view.cells.forEach((cell, index) => {
      if (cell.cellType !== "markdown") return;
      this.headings(cell.model).forEach((heading, ordinal) => entries.push({ ...heading, cell: index, ordinal }));
    });
    if (JSON.stringify(entries) === JSON.stringify(this.entries) && this.list.firstChild) return;
    // Rebuilding must not drop the focus of someone reading the list.
    const focused = [...this.list.querySelectorAll("a")].indexOf(document.activeElement as HTMLAnchorElement);
    this.entries = entries;
    this.list.replaceChildren(entries.length ? this.build(entries) : this.empty());
    if (focused >= 0) this.links()[Math.min(focused, entries.length - 1)]?.focus();
    this.markCurrent();
  }

  private empty(): HTMLElement {
    const text = document.createElement("p");
    text.className = "toc-empty";
    text.textContent = t("toc.empty");
    return text;
  }

  /** Nested lists: a heading goes under the nearest heading before it of a higher rank. */
  private build(entries: Entry[]): HTMLOListElement {
    const root = document.createElement("ol");
    const stack: { level: number; item: HTMLLIElement | null; list: HTMLOListElement | null }[] = [
      { level: 0, item: null, list: root },
    ];
    for (const entry of entries) {
      while (stack[stack.length - 1]!.level >= entry.level) stack.pop();
      const parent = stack[stack.length - 1]!;
      if (!parent.list) {
        parent.list = document.createElement("ol");
        parent.item!.append(parent.list);
      }
      const item = document.createElement("li");
      item.append(this.link(entry));
      parent.list.append(item);
      stack.push({ level: entry.level, item, list: null });
    }
    return root;
  }

  private link(entry: Entry): HTMLAnchorElement {
    const link = document.createElement("a");
    link.href = `#${entry.text.replace(/ /g, "-")}`;
    link.textContent = entry.text;
    link.className = `toc-level-${entry.level}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.go(entry);
    });
    return link;
  }

  private links(): HTMLAnchorElement[] {
    return [...this.list.querySelectorAll("a")];
  }

  /** Selects the entry's cell (command mode, as a click on it would) and brings its heading to the top. */
  private go(entry: Entry): void {
    const cell = this.view.cells[entry.cell];
    if (!cell) return;
    this.view.select(entry.cell);
    const heading = cell.element.querySelectorAll<HTMLElement>(`.cell-rendered ${HEADINGS}`)[entry.ordinal];
    (heading ?? cell.element).scrollIntoView({ block: "start" });
    if (this.overlays) this.close(false);
    this.markCurrent();
  }

  /** The entry of the section the active cell is in. */
  private markCurrent(): void {
    if (!this.isOpen) return;
    const active = this.view.activeIndex;
    let current = -1;
    this.entries.forEach((entry, i) => {
      if (entry.cell <= active) current = i;
    });
    this.links().forEach((link, i) => {
      if (i === current) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    });
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
      return;
    }
    const links = this.links();
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: links.length - 1 };
    if (!(event.key in next) || !links.length) return;
    event.preventDefault();
    links[Math.max(0, Math.min(next[event.key]!, links.length - 1))]!.focus();
  }
}

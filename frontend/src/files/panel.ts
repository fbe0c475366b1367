// The file panel: the content tree (the course's files and the user's), one
// folder at a time as in JupyterLab's file browser — a breadcrumb trail of
// folders, the folder's entries as a list of native links and buttons, each
// with a menu of actions — and the actions that create, upload, rename,
// delete, download and open files. Dropping files on the panel uploads them
// into the folder shown.
import { formatDate, t } from "../i18n";
import { ancestors, basename, dirname, notebookHref } from "../paths";
import type { FileEntry, FileStore } from "../storage/files";
import { disclosureMenu } from "../ui/menu";
import * as actions from "./actions";
import { formatSize } from "./size";
import { uploadFiles } from "./upload";
import { openFile } from "./viewer";

export interface PanelOptions {
  store: FileStore;
  base: URL;
  /** The folder shown first. */
  folder: string;
  /** The notebook open in this page, if any. */
  open?: actions.OpenNotebook;
  /** The heading's text; the course's name on the home page. */
  rootName: string;
  /**
   * Whether notebooks among the files open in the notebook page and a new one
   * can be made there (true by default). A classroom copy's files have no page
   * of their own: their notebooks are files to view or download.
   */
  notebookPages?: boolean;
  /** A sentence under the heading: where these files are kept. */
  note?: string;
}

const MAX_PROBLEMS = 5;

export class FilePanel implements actions.ActionHost {
  readonly element = document.createElement("section");
  readonly store: FileStore;
  readonly base: URL;
  readonly open: actions.OpenNotebook | undefined;
  private folder: string;
  private listing: FileEntry[] = [];
  private readonly heading = document.createElement("h2");
  private readonly crumbs = document.createElement("nav");
  private readonly list = document.createElement("ul");
  private readonly problems = document.createElement("div");
  private readonly announcer = document.createElement("p");
  private readonly picker = document.createElement("input");
  private pendingFocus: string | null | undefined = undefined;
  private rendering = Promise.resolve();

  constructor(private readonly options: PanelOptions) {
    this.store = options.store;
    this.base = options.base;
    this.open = options.open;
    this.folder = options.folder;
    this.build();
    this.store.onChange(() => this.refresh());
    this.refresh();
  }

  /** Moves the focus to the panel's heading (when the side panel opens). */
  focus(): void {
    this.heading.focus();
  }

  entries(): FileEntry[] {
    return this.listing;
  }

  report(text: string): void {
    const item = document.createElement("p");
    item.className = "notice notice-warning file-problem";
    const words = Object.assign(document.createElement("span"), { textContent: text });
    const dismiss = Object.assign(document.createElement("button"), { type: "button", textContent: "×" });
    dismiss.setAttribute("aria-label", t("files.dismiss"));
    dismiss.addEventListener("click", () => {
      item.remove();
      this.heading.focus();
    });
    item.append(words, dismiss);
    this.problems.append(item);
    while (this.problems.childElementCount > MAX_PROBLEMS) this.problems.firstElementChild?.remove();
  }

  announce(text: string): void {
    this.announcer.textContent = text;
  }

  focusNext(path: string | null): void {
    this.pendingFocus = path;
  }

  /** Shows the store's current listing, keeping the focus on the same row. */
  refresh(): void {
    this.rendering = this.rendering.then(async () => {
      try {
        this.listing = await this.store.list();
      } catch (error) {
        this.report(String(error));
        return;
      }
      this.render();
    });
  }

  private build(): void {
    const id = `files-${crypto.randomUUID().slice(0, 8)}`;
    this.element.className = "file-panel";
    this.element.setAttribute("aria-labelledby", id);
    Object.assign(this.heading, { id, textContent: t("files.title"), tabIndex: -1 });
    const tools = document.createElement("div");
    tools.className = "file-tools";
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", t("files.tools"));
    const tool = (label: string, run: () => void) => {
      const button = Object.assign(document.createElement("button"), { type: "button", textContent: label });
      button.addEventListener("click", run);
      return button;
    };
    Object.assign(this.picker, { type: "file", multiple: true, hidden: true });
    this.picker.setAttribute("aria-hidden", "true");
    this.picker.addEventListener("change", () => {
      const files = [...(this.picker.files ?? [])];
      this.picker.value = "";
      void this.upload(files);
    });
    tools.append(
      ...(this.notebookPages ? [tool(t("files.newNotebook"), () => void this.createNotebook())] : []),
      tool(t("files.newFile"), () => void this.createFile()),
      tool(t("files.newFolder"), () => void actions.create(this, this.folder, "directory")),
      tool(t("files.upload"), () => this.picker.click()),
      this.picker,
    );
    this.crumbs.className = "file-crumbs";
    this.crumbs.setAttribute("aria-label", t("files.path"));
    this.list.className = "file-list";
    const hint = Object.assign(document.createElement("p"), { className: "file-hint", textContent: t("files.dropHint") });
    this.problems.className = "file-problems";
    this.problems.setAttribute("role", "alert");
    this.announcer.className = "announcer";
    this.announcer.setAttribute("role", "status");
    const restore = tool(t("files.restore"), () => void actions.restoreDeleted(this));
    restore.className = "file-restore";
    if (!this.store.persistent) this.report(t("files.notPersistent"));
    const note = this.options.note ? [Object.assign(document.createElement("p"), { className: "file-note", textContent: this.options.note })] : [];
    this.element.append(this.heading, ...note, tools, this.problems, this.crumbs, this.list, hint, restore, this.announcer);
    this.acceptDrops();
  }

  private acceptDrops(): void {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
    this.element.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = "copy";
      this.element.classList.add("dropping");
    });
    this.element.addEventListener("dragleave", (event) => {
      if (!this.element.contains(event.relatedTarget as Node | null)) this.element.classList.remove("dropping");
    });
    this.element.addEventListener("drop", (event) => {
      event.preventDefault();
      this.element.classList.remove("dropping");
      void this.upload([...(event.dataTransfer?.files ?? [])]);
    });
  }

  private async upload(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const written = await uploadFiles(this, this.folder, files);
    if (written[0]) this.focusNext(written[0]);
  }

  private async createNotebook(): Promise<void> {
    const path = await actions.create(this, this.folder, "notebook");
    if (path) location.assign(notebookHref(path));
  }

  private async createFile(): Promise<void> {
    const path = await actions.create(this, this.folder, "file");
    const entry = path ? (await this.store.list()).find((e) => e.path === path) : undefined;
    if (entry) await this.view(entry);
  }

  private view(entry: FileEntry): Promise<void> {
    return openFile({ store: this.store, download: (e) => void actions.download(this, e), report: (text) => this.report(text) }, entry);
  }

  private get notebookPages(): boolean {
    return this.options.notebookPages ?? true;
  }

  private enter(folder: string): void {
    this.folder = folder;
    this.pendingFocus = null;
    this.render();
  }

  private render(): void {
    // A folder deleted or renamed away (here or by Python): show the nearest one left.
    while (this.folder && !this.listing.some((entry) => entry.path === this.folder && entry.kind === "directory")) {
      this.folder = dirname(this.folder);
    }
    const focused = this.element.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    const focusPath = this.pendingFocus !== undefined ? this.pendingFocus : (focused?.closest<HTMLElement>("[data-path]")?.dataset.path ?? null);
    const focusMenu = this.pendingFocus === undefined && focused?.classList.contains("menu-button");
    const hadFocusInList = this.pendingFocus !== undefined || (focused !== null && this.list.contains(focused));
    this.pendingFocus = undefined;

    this.renderCrumbs();
    const children = this.listing.filter((entry) => dirname(entry.path) === this.folder && entry.path !== "");
    children.sort((a, b) => Number(b.kind === "directory") - Number(a.kind === "directory") || a.name.localeCompare(b.name));
    this.list.setAttribute("aria-label", t("files.contents", { folder: this.folder || this.options.rootName }));
    this.list.replaceChildren(...children.map((entry) => this.row(entry)));
    if (children.length === 0) {
      const empty = Object.assign(document.createElement("li"), { className: "file-empty", textContent: t("files.empty") });
      this.list.append(empty);
    }
    if (!hadFocusInList) return;
    const row = focusPath ? this.list.querySelector<HTMLElement>(`[data-path="${CSS.escape(focusPath)}"]`) : null;
    const target = row?.querySelector<HTMLElement>(focusMenu ? ".menu-button" : ".file-open") ?? this.list.querySelector<HTMLElement>(".file-open");
    (target ?? this.heading).focus();
  }

  private renderCrumbs(): void {
    const list = document.createElement("ol");
    const folders = ["", ...ancestors(this.folder), ...(this.folder ? [this.folder] : [])];
    for (const folder of folders) {
      const item = document.createElement("li");
      const button = Object.assign(document.createElement("button"), { type: "button", textContent: folder ? basename(folder) : this.options.rootName });
      if (folder === this.folder) button.setAttribute("aria-current", "location");
      button.addEventListener("click", () => this.enter(folder));
      item.append(button);
      list.append(item);
    }
    this.crumbs.replaceChildren(list);
  }

  private row(entry: FileEntry): HTMLLIElement {
    const li = document.createElement("li");
    li.className = `file-row file-${entry.kind}`;
    li.dataset.path = entry.path;
    const open: HTMLElement =
      entry.kind === "notebook" && this.notebookPages
        ? Object.assign(document.createElement("a"), { href: notebookHref(entry.path) })
        : Object.assign(document.createElement("button"), { type: "button" });
    open.className = "file-open";
    const name = Object.assign(document.createElement("span"), { className: "file-name", textContent: entry.name });
    const meta = Object.assign(document.createElement("span"), { className: "file-meta", id: `meta-${crypto.randomUUID().slice(0, 8)}`, textContent: describe(entry) });
    // The details are the control's description, not part of its name: hidden from the
    // name computed from content, and read through aria-describedby.
    meta.setAttribute("aria-hidden", "true");
    open.append(name, meta);
    open.setAttribute("aria-describedby", meta.id);
    if (entry.path === this.open?.path) open.setAttribute("aria-current", "page");
    if (entry.kind === "directory") open.addEventListener("click", () => this.enter(entry.path));
    else if (entry.kind === "file" || !this.notebookPages) open.addEventListener("click", () => void this.view(entry));
    open.addEventListener("keydown", (event) => {
      // As in file managers: F2 renames, Delete deletes.
      if (event.key === "F2") void actions.rename(this, entry);
      else if (event.key === "Delete") void actions.remove(this, entry);
      else return;
      event.preventDefault();
    });
    const items = [{ label: t("files.rename"), run: () => void actions.rename(this, entry) }];
    if (entry.kind !== "directory") items.push({ label: t("files.download"), run: () => void actions.download(this, entry) });
    if (entry.origin === "changed") items.push({ label: t("files.revert"), run: () => void actions.revert(this, entry) });
    items.push({ label: t("files.delete"), run: () => void actions.remove(this, entry) });
    li.append(open, disclosureMenu(t("files.actionsFor", { name: entry.name }), "⋯", items));
    return li;
  }
}

function describe(entry: FileEntry): string {
  const parts: string[] = [t(`files.kind.${entry.kind}`)];
  if (entry.kind === "notebook" && entry.title) parts.push(entry.title);
  if (entry.kind === "file" && entry.size !== undefined) parts.push(formatSize(entry.size));
  if (entry.origin !== "course" && entry.kind !== "directory") parts.push(t(`files.origin.${entry.origin}`));
  if (entry.origin !== "course") parts.push(formatDate(entry.lastModified));
  return parts.join(" · ");
}

// What the file panel does to files: create, rename, delete (after asking),
// revert, download. Each reports failures in plain words and says which row
// should have the focus afterwards.
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { basename, dirname, extension, isNotebookPath, isWithin, joinPath, nameProblem } from "../paths";
import type { FileEntry, FileStore } from "../storage/files";
import { confirmDialog } from "../ui/dialog";
import { downloadBlob } from "../ui/download";
import { promptDialog } from "../ui/prompt";
import { emptyNotebook, notebookForDownload } from "./notebook-file";
import { problemText } from "./problems";
import { mediaType } from "./types";

/** The notebook open in this page, which must let go of its copy before it is renamed or deleted. */
export interface OpenNotebook {
  path: string;
  release(): Promise<void>;
  renamed(to: string): void;
  deleted(): void;
}

export interface ActionHost {
  store: FileStore;
  base: URL;
  entries(): FileEntry[];
  report(text: string): void;
  announce(text: string): void;
  /** The row to focus once the panel shows the change. */
  focusNext(path: string | null): void;
  open?: OpenNotebook | undefined;
}

function checker(host: ActionHost, folder: string, unchanged?: string) {
  return (value: string): string | null => {
    const name = value.trim();
    const problem = nameProblem(name);
    if (problem) return t(`files.name.${problem}` as MessageKey);
    const path = joinPath(folder, name);
    if (name !== unchanged && host.entries().some((entry) => entry.path === path)) return t("files.exists", { name });
    return null;
  };
}

/** "Untitled.ipynb", else "Untitled1.ipynb", "Untitled2.ipynb"…, as Jupyter names new files. */
function freeName(host: ActionHost, folder: string, stem: string, suffix: string): string {
  const taken = new Set(host.entries().map((entry) => entry.path));
  for (let n = 0; ; n += 1) {
    const name = `${stem}${n === 0 ? "" : n}${suffix}`;
    if (!taken.has(joinPath(folder, name))) return name;
  }
}

async function attempt(host: ActionHost, path: string, run: () => Promise<void>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    host.report(problemText(error, path));
    return false;
  }
}

export type NewKind = "notebook" | "file" | "directory";

/** Asks for a name and creates it in `folder`; resolves to the new path (null when cancelled or failed). */
export async function create(host: ActionHost, folder: string, kind: NewKind): Promise<string | null> {
  const [stem, suffix] = kind === "notebook" ? [t("files.untitledNotebook"), ".ipynb"] : kind === "file" ? [t("files.untitledFile"), ".txt"] : [t("files.untitledFolder"), ""];
  const initial = freeName(host, folder, stem, suffix);
  const check = checker(host, folder);
  const name = await promptDialog({
    title: t(`files.new.${kind}.title` as MessageKey),
    label: t("files.name"),
    value: initial,
    // A notebook's extension is added if left out; another file's name is typed whole.
    selectLength: kind === "notebook" ? initial.length - suffix.length : initial.length,
    confirmLabel: t("files.create"),
    check: (value) => check(kind === "notebook" && !isNotebookPath(value.trim()) ? `${value.trim()}.ipynb` : value),
  });
  if (name === null) return null;
  const path = joinPath(folder, kind === "notebook" && !isNotebookPath(name) ? `${name}.ipynb` : name);
  const done = await attempt(host, path, () =>
    kind === "directory"
      ? host.store.mkdir(path)
      : host.store.write(path, kind === "notebook" ? emptyNotebook() : new Uint8Array()),
  );
  if (!done) return null;
  host.announce(t("files.created", { name: basename(path) }));
  host.focusNext(path);
  return path;
}

export async function rename(host: ActionHost, entry: FileEntry): Promise<void> {
  const folder = dirname(entry.path);
  const stemLength = entry.kind === "directory" || !extension(entry.name) ? entry.name.length : entry.name.lastIndexOf(".");
  const name = await promptDialog({
    title: t("files.rename.title", { name: entry.name }),
    label: t("files.newName"),
    value: entry.name,
    selectLength: stemLength,
    confirmLabel: t("files.rename"),
    check: checker(host, folder, entry.name),
  });
  if (name === null || name === entry.name) return;
  const to = joinPath(folder, name);
  const open = host.open && isWithin(host.open.path, entry.path) ? host.open : undefined;
  await open?.release();
  if (await attempt(host, entry.path, () => host.store.rename(entry.path, to))) {
    host.announce(t("files.renamed", { from: entry.name, to: name }));
    host.focusNext(to);
    open?.renamed(to + open.path.slice(entry.path.length));
  } else if (open) {
    open.renamed(open.path); // back to the notebook as it was
  }
}

export async function remove(host: ActionHost, entry: FileEntry): Promise<void> {
  const message =
    entry.origin === "course"
      ? t(entry.kind === "directory" ? "files.delete.courseFolder" : "files.delete.course")
      : t(entry.kind === "directory" ? "files.delete.folder" : "files.delete.file");
  if (!(await confirmDialog(t("files.delete.title", { name: entry.name }), message, t("files.delete")))) return;
  const siblings = host.entries().filter((other) => dirname(other.path) === dirname(entry.path));
  const next = siblings[siblings.findIndex((other) => other.path === entry.path) + 1] ?? siblings.at(-2);
  const open = host.open && isWithin(host.open.path, entry.path) ? host.open : undefined;
  await open?.release();
  if (await attempt(host, entry.path, () => host.store.remove(entry.path))) {
    host.announce(t("files.deleted", { name: entry.name }));
    host.focusNext(next && next.path !== entry.path ? next.path : null);
    open?.deleted();
  } else if (open) {
    open.renamed(open.path);
  }
}

export async function revert(host: ActionHost, entry: FileEntry): Promise<void> {
  if (!(await confirmDialog(t("files.revert.title", { name: entry.name }), t("files.revert.message"), t("files.revert")))) return;
  if (await attempt(host, entry.path, () => host.store.revert(entry.path))) {
    host.announce(t("files.reverted", { name: entry.name }));
    host.focusNext(entry.path);
  }
}

export async function restoreDeleted(host: ActionHost): Promise<void> {
  let count = 0;
  if (await attempt(host, "", async () => void (count = await host.store.restoreDeleted()))) {
    host.announce(count === 0 ? t("files.restore.none") : t("files.restore.done", { count }));
  }
}

export async function download(host: ActionHost, entry: FileEntry): Promise<void> {
  await attempt(host, entry.path, async () => {
    const blob =
      entry.kind === "notebook"
        ? new Blob([await notebookForDownload(host.store, host.base, entry.path)], { type: mediaType(entry.path) })
        : new Blob([(await host.store.read(entry.path)) as BlobPart], { type: mediaType(entry.path) });
    downloadBlob(entry.name, blob);
  });
}

// Uploads, by the Upload button or by dropping files on the panel: each file
// is checked (a notebook must be one Jupyter can open), an existing file is
// replaced only if the user says so, and each problem is reported by name
// while the other files go through.
import { t } from "../i18n";
import { basename, isNotebookPath, joinPath, nameProblem } from "../paths";
import type { FileEntry, FileStore } from "../storage/files";
import { showDialog } from "../ui/dialog";
import { notebookProblem } from "./notebook-file";
import { problemText } from "./problems";

export interface UploadHost {
  store: FileStore;
  report(text: string): void;
  announce(text: string): void;
}

type Answer = "replace" | "skip";

function askReplace(name: string): Promise<Answer> {
  const text = document.createElement("p");
  text.textContent = t("upload.replaceMessage", { name });
  return showDialog<Answer>(
    t("upload.replaceTitle", { name }),
    text,
    [
      { label: t("upload.keep"), value: "skip" },
      { label: t("upload.replace"), value: "replace", primary: true },
    ],
    "skip",
  );
}

/** Uploads `files` into `folder`; resolves to the paths written. */
export async function uploadFiles(host: UploadHost, folder: string, files: File[]): Promise<string[]> {
  const written: string[] = [];
  let entries: FileEntry[] = await host.store.list();
  for (const file of files) {
    const name = basename(file.name);
    const path = joinPath(folder, name);
    if (nameProblem(name)) {
      host.report(t("upload.badName", { name }));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      host.report(t("upload.unreadable", { name, detail: String(error) }));
      continue;
    }
    if (isNotebookPath(name)) {
      const problem = notebookProblem(bytes);
      if (problem) {
        host.report(t("upload.badNotebook", { name, problem }));
        continue;
      }
    }
    const existing = entries.find((entry) => entry.path === path);
    if (existing?.kind === "directory") {
      host.report(t("upload.folderExists", { name }));
      continue;
    }
    if (existing && (await askReplace(name)) === "skip") continue;
    try {
      await host.store.write(path, bytes);
      written.push(path);
      entries = await host.store.list();
    } catch (error) {
      host.report(problemText(error, path));
    }
  }
  if (written.length > 0) host.announce(t("upload.done", { names: written.map(basename).join(", ") }));
  return written;
}

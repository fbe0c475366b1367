// Opens a file in a dialog over the page (so a notebook and its Python keep
// running behind it): CSV as a table, images, text in an editor that saves as
// the user types, and for anything else, a download.
import { t } from "../i18n";
import type { FileEntry, FileStore } from "../storage/files";
import { showDialog } from "../ui/dialog";
import { problemText } from "./problems";
import { viewerFor } from "./types";
import { csvTable } from "./viewers/csv-table";
import { imageView } from "./viewers/image-view";
import { textEditor, type TextEditor } from "./viewers/text-editor";

export interface ViewerHost {
  store: FileStore;
  download(entry: FileEntry): void;
  report(text: string): void;
}

function button(label: string, run: () => void): HTMLButtonElement {
  const element = Object.assign(document.createElement("button"), { type: "button", textContent: label });
  element.addEventListener("click", run);
  return element;
}

export async function openFile(host: ViewerHost, entry: FileEntry): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await host.store.read(entry.path);
  } catch (error) {
    host.report(problemText(error, entry.path));
    return;
  }
  const body = document.createElement("div");
  body.className = "file-viewer";
  const tools = document.createElement("div");
  tools.className = "file-viewer-tools";
  const content = document.createElement("div");
  content.className = "file-viewer-content";
  const status = Object.assign(document.createElement("p"), { className: "file-viewer-status" });
  status.setAttribute("role", "status");
  tools.append(button(t("files.download"), () => host.download(entry)));
  body.append(tools, content, status);

  let editor: TextEditor | null = null;
  let cleanup: () => void = () => {};
  const edit = () => {
    const text = new TextDecoder().decode(bytes);
    editor = textEditor(
      entry.path,
      text,
      (value) => host.store.write(entry.path, new TextEncoder().encode(value)),
      (error) => {
        status.textContent = error ? problemText(error, entry.path) : t("files.savedText");
        status.setAttribute("role", error ? "alert" : "status");
      },
    );
    content.replaceChildren(editor.element);
    editor.element.querySelector<HTMLElement>(".cm-content")?.focus();
  };

  const kind = viewerFor(entry.path, bytes);
  if (kind === "table") {
    try {
      content.append(await csvTable(entry.path, entry.name, bytes));
    } catch (error) {
      content.append(Object.assign(document.createElement("p"), { textContent: t("files.tableError", { detail: String(error) }) }));
    }
    const editButton = button(t("files.editText"), () => {
      editButton.remove();
      edit();
    });
    tools.append(editButton);
  } else if (kind === "image") {
    const image = imageView(entry.path, entry.name, bytes);
    content.append(image.element);
    cleanup = image.destroy;
  } else if (kind === "text") {
    queueMicrotask(edit);
  } else {
    content.append(Object.assign(document.createElement("p"), { textContent: t("files.cannotShow") }));
  }

  await showDialog(entry.name, body, [{ label: t("dialog.close"), value: undefined, primary: true }], undefined);
  const open = editor as TextEditor | null;
  if (open) {
    await open.flush();
    open.destroy();
  }
  cleanup();
}

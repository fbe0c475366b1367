// Images pasted or dropped into a Markdown cell's editor become attachments of
// the cell, as in JupyterLab: the image is stored in the cell (nbformat's
// `attachments`, base64) and `![name](attachment:name)` is written where it
// landed, so the notebook carries its images with it.
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

export interface AttachmentTarget {
  /** Stores the image in the cell; returns the name it is stored under (unique in the cell). */
  attach(name: string, mime: string, base64: string): string;
}

function imagesIn(data: DataTransfer | null): File[] {
  return [...(data?.files ?? [])].filter((file) => file.type.startsWith("image/"));
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(",") + 1));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

/** A pasted screenshot has a generic name (or none): give it one with the right extension. */
function nameOf(file: File): string {
  if (file.name) return file.name;
  const extension = file.type.split("/")[1]?.replace("svg+xml", "svg").replace("jpeg", "jpg") ?? "png";
  return `image.${extension}`;
}

async function insertImages(view: EditorView, target: AttachmentTarget, files: File[], at: number): Promise<void> {
  const links: string[] = [];
  for (const file of files) {
    try {
      const name = target.attach(nameOf(file), file.type, await base64Of(file));
      links.push(`![${name}](attachment:${encodeURI(name)})`);
    } catch (error) {
      console.error("ardoise: could not attach the image", error);
    }
  }
  if (!links.length) return;
  const insert = links.join("\n");
  const from = Math.min(at, view.state.doc.length);
  view.dispatch({ changes: { from, insert }, selection: { anchor: from + insert.length }, userEvent: "input.paste" });
  view.focus();
}

export function imageAttachments(target: AttachmentTarget): Extension {
  return EditorView.domEventHandlers({
    paste(event, view) {
      const files = imagesIn(event.clipboardData);
      // A spreadsheet's cells come as text and as a picture of them: the text is meant.
      if (!files.length || event.clipboardData?.getData("text/plain")) return false;
      event.preventDefault();
      void insertImages(view, target, files, view.state.selection.main.head);
      return true;
    },
    drop(event, view) {
      const files = imagesIn(event.dataTransfer);
      if (!files.length) return false;
      event.preventDefault();
      const at = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
      void insertImages(view, target, files, at);
      return true;
    },
  });
}

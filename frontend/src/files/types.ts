// How the app shows a file, by its name (and, for names it does not know, by
// a look at its first bytes), and the media type to give its bytes.
import { extension, isNotebookPath } from "../paths";

export type Viewer = "notebook" | "table" | "image" | "text" | "none";

const IMAGES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  ico: "image/x-icon",
  svg: "image/svg+xml",
};

const TEXT = new Set(
  "txt md markdown py pyi json geojson yml yaml toml ini cfg conf xml html htm css js mjs ts r sql sh tex bib log rst dat"
    .split(" "),
);

const BINARY = new Set("zip gz tgz bz2 xz 7z pdf xls xlsx ods doc docx odt ppt pptx parquet feather npy npz pkl pickle sqlite db whl mp3 mp4 wav ogg".split(" "));

export function viewerFor(path: string, head?: Uint8Array): Viewer {
  const ext = extension(path);
  if (isNotebookPath(path)) return "notebook";
  if (ext === "csv" || ext === "tsv") return "table";
  if (ext in IMAGES) return "image";
  if (TEXT.has(ext)) return "text";
  if (BINARY.has(ext) || !head) return "none";
  return looksLikeText(head) ? "text" : "none";
}

/** UTF-8 without NUL bytes in its first 8 KB: text, as git guesses it. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  try {
    // Streaming: a character cut at the 8 KB boundary is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: head.length < bytes.length });
    return true;
  } catch {
    return false;
  }
}

export function mediaType(path: string): string {
  const ext = extension(path);
  if (ext in IMAGES) return IMAGES[ext]!;
  if (ext === "csv") return "text/csv";
  if (ext === "ipynb") return "application/x-ipynb+json";
  if (ext === "json") return "application/json";
  if (TEXT.has(ext) || ext === "tsv") return "text/plain";
  return "application/octet-stream";
}

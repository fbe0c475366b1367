// An image file, shown at most as wide as the dialog; the file's name is its
// text alternative (the app knows nothing better about it).
import { mediaType } from "../types";

export function imageView(path: string, name: string, bytes: Uint8Array): { element: HTMLElement; destroy(): void } {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType(path) }));
  const figure = document.createElement("figure");
  figure.className = "file-image";
  const image = Object.assign(document.createElement("img"), { src: url, alt: name });
  figure.append(image);
  return { element: figure, destroy: () => URL.revokeObjectURL(url) };
}

// The runtime zip is written by `ardoise build` with every entry stored, not
// deflated (the site serves it brotli-compressed): its files can be copied into
// Pyodide's file system straight from JavaScript. Pyodide's unpackArchive goes
// through Python (a temporary file, shutil, zipfile) and took a tenth of a
// start from a snapshot. Anything this reader does not expect (a deflated
// entry, ZIP64, a damaged archive) makes it return false: the caller then
// unpacks with Pyodide, which handles every zip.

interface WritableFS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

interface Entry {
  name: string;
  start: number;
  size: number;
}

/** The entries of a zip whose entries are all stored; null if it is not one. */
export function storedEntries(zip: Uint8Array): Entry[] | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end-of-directory record is the last 22 bytes, as the build writes no comment.
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== END_OF_DIRECTORY) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder("utf-8", { fatal: true });
  const entries: Entry[] = [];
  try {
    for (let i = 0; i < count; i++) {
      if (view.getUint32(at, true) !== DIRECTORY_ENTRY) return null;
      const method = view.getUint16(at + 10, true);
      const compressed = view.getUint32(at + 20, true);
      const size = view.getUint32(at + 24, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const local = view.getUint32(at + 42, true);
      const name = names.decode(zip.subarray(at + 46, at + 46 + nameLength));
      if (method !== 0 || compressed !== size || size === 0xffffffff) return null;
      if (view.getUint32(local, true) !== LOCAL_HEADER) return null;
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      if (start + size > zip.byteLength || name.startsWith("/") || name.split("/").includes("..")) return null;
      entries.push({ name, start, size });
      at += 46 + nameLength + extraLength + commentLength;
    }
  } catch {
    return null; // read past the end, or a name that is not UTF-8: damaged
  }
  return entries;
}

/** Writes a stored zip's files under `folder`; false (nothing written) if it is not one. */
export function unpackStoredZip(fs: WritableFS, zip: Uint8Array, folder: string): boolean {
  const entries = storedEntries(zip);
  if (entries === null) return false;
  const made = new Set<string>();
  for (const { name, start, size } of entries) {
    const path = `${folder}/${name}`;
    const parent = path.slice(0, path.lastIndexOf("/"));
    if (!made.has(parent)) {
      fs.mkdirTree(parent);
      made.add(parent);
    }
    if (!name.endsWith("/")) fs.writeFile(path, zip.subarray(start, start + size));
  }
  return true;
}

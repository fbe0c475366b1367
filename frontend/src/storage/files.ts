// The content tree as the user sees it: the course's read-only files with the
// user's own layer over them. One small interface (as marimo's FileStore), so
// the file panel, the notebook page and the kernel's sync never know where a
// file's bytes live.

export type FileKind = "notebook" | "file" | "directory";

/**
 * Where an entry comes from: the course as published, the user's changed copy
 * of a course file, or the user's own file.
 */
export type FileOrigin = "course" | "changed" | "user";

export interface FileEntry {
  path: string;
  name: string;
  kind: FileKind;
  origin: FileOrigin;
  /** Bytes; absent for folders. */
  size?: number;
  /** ISO 8601. */
  lastModified: string;
  /** A course notebook's title, from the contents index. */
  title?: string | null;
}

/** What changed, by path; a rename is a write of the new path and a removal of the old. */
export interface FileChange {
  written: string[];
  removed: string[];
  /** Folders created empty. */
  directories: string[];
  /** "app": this page; "kernel": Python in this page; "tab": another tab of this browser. */
  source: "app" | "kernel" | "tab";
}

/** A batch of operations, as Python reports them and as the kernel receives them. */
export type { FileOps } from "../kernel/protocol";
import type { FileOps } from "../kernel/protocol";

export interface FileStore {
  /** False when the browser refuses storage: files then last only as long as the page. */
  readonly persistent: boolean;
  list(): Promise<FileEntry[]>;
  read(path: string): Promise<Uint8Array>;
  /** Creates or replaces a file; writing a notebook's file replaces this browser's copy of it. */
  write(path: string, data: Uint8Array): Promise<void>;
  mkdir(path: string): Promise<void>;
  /** Removes a file or a folder with everything in it; course files are hidden, not lost. */
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Drops the user's copy of a course file: the course's version shows again. */
  revert(path: string): Promise<void>;
  /** Shows the course files the user deleted again; resolves to how many. */
  restoreDeleted(): Promise<number>;
  /** Applies what Python did to its files. */
  apply(ops: FileOps, source: FileChange["source"]): Promise<void>;
  /** The user's layer as operations over the course's files, to replay in Python at start. */
  overlay(): Promise<FileOps>;
  onChange(listener: (change: FileChange) => void): () => void;
}

/** The browser has no room left: nothing was written. */
export class StorageFullError extends Error {
  constructor(readonly path: string) {
    super(`no room left in this browser's storage to save ${path}`);
    this.name = "StorageFullError";
  }
}

export class FileNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`${path}: no such file`);
    this.name = "FileNotFoundError";
  }
}

/** The target of a create or rename exists already. */
export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} exists already`);
    this.name = "FileExistsError";
  }
}

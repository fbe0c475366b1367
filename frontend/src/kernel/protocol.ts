// The messages between the app and the kernel worker, declared once for both sides.
// They have the shapes of the Jupyter messaging protocol (v5.3) so that other
// kernels can plug into the same client later.

export const PROTOCOL_VERSION = "5.3";

export interface Header<T extends string = string> {
  msg_id: string;
  msg_type: T;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message<T extends string = string, C = unknown> {
  header: Header<T>;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  channel: "shell" | "iopub" | "control" | "stdin";
}

export type MimeBundle = Record<string, unknown>;

// --- requests (app → worker) ---

/** A package entry of Pyodide's lock file (pyodide-lock.json). */
export interface LockPackage {
  name: string;
  version: string;
  /** The wheel: a URL, or a name relative to the distribution's base URL. */
  file_name: string;
  install_dir: "site" | "dynlib";
  package_type: "package" | "cpython_module" | "shared_library" | "static_library";
  sha256: string;
  imports: string[];
  depends: string[];
}

/** Where the kernel finds packages beyond the standard library. */
export interface PackageSources {
  /** Absolute base URL of the wheels of Pyodide's distribution (CDN or self-hosted). */
  baseURL: string;
  /** The course's bundled wheels as lock entries by name, with absolute URLs. */
  bundled: Record<string, LockPackage>;
}

export interface BootContent {
  /** Base URL of the Pyodide runtime (self-hosted folder or CDN). */
  indexURL: string;
  /** Pyodide's distribution and the course's bundled wheels. */
  packages: PackageSources;
  /** URL of the zip holding the `ardoise.runtime` Python package. */
  runtimeURL: string;
  /** Packages of the runtime downloaded on their first import (the turtle): absolute URL by module. */
  onUse?: Record<string, string>;
  /** Files of the course to place in Python's file system, relative to the content root. */
  files: { path: string; url: string }[];
  /** The notebook's folder relative to the content root: Python's working directory. */
  cwd: string;
  /** Set only when the page is cross-origin isolated (SharedArrayBuffer available). */
  interruptBuffer?: Int32Array | null;
  /** The user's files over the course's (written, created, deleted), applied after them. */
  overlay?: FileOps;
  /** Where input_reply values are written (stdin.ts); set only when cross-origin isolated. */
  stdinBuffer?: SharedArrayBuffer | null;
  /** SHA-256 of the runtime zip: with `indexURL`, what a saved memory snapshot must match. */
  runtimeSHA256?: string;
  /** SHA-256 of the Pyodide runtime's files (its build and the standard library). */
  pyodideSHA256?: string;
  /** Where this site keeps its memory snapshot (a URL prefix in Cache Storage); none: never. */
  snapshotScope?: string;
  /** The site's own snapshot (absolute URL, sizes uncompressed and brotli-compressed), for a start with none saved. */
  servedSnapshot?: { url: string; size: number; compressed: number };
  /** Sizes in bytes of the files the boot downloads, by absolute URL (for the progress bar). */
  sizes?: Record<string, number>;
  /** Their brotli-compressed sizes, where known: the download's pace is judged by them. */
  compressed?: Record<string, number>;
  /** The page's language (BCP 47): the runtime's own sentences follow it. */
  language?: string;
}

/** Sent to a helper worker: start Python afresh, import the runtime, save a memory snapshot. */
export interface SnapshotRequestContent {
  indexURL: string;
  runtimeURL: string;
  /** The Cache Storage URL to save it under. */
  key: string;
  scope: string;
}


/**
 * Changes to files, by path relative to the content root: the user's layer at
 * boot, the app's changes while Python runs, and what a cell did.
 */
export interface FileOps {
  write: { path: string; data: Uint8Array }[];
  mkdir: string[];
  remove: string[];
}

export interface ExecuteRequestContent {
  code: string;
  silent: boolean;
  store_history: boolean;
  user_expressions: Record<string, string>;
  allow_stdin: boolean;
  stop_on_error: boolean;
}

export interface CompleteRequestContent {
  code: string;
  cursor_pos: number;
}

export interface InspectRequestContent {
  code: string;
  cursor_pos: number;
  detail_level: 0 | 1;
}

export type Request =
  | Message<"ardoise_boot_request", BootContent>
  | Message<"ardoise_snapshot_request", SnapshotRequestContent>
  | Message<"execute_request", ExecuteRequestContent>
  | Message<"complete_request", CompleteRequestContent>
  | Message<"inspect_request", InspectRequestContent>
  | Message<"kernel_info_request", Record<string, never>>
  | Message<"ardoise_files_request", FileOps>;

// --- replies and broadcasts (worker → app) ---

export type KernelStatus = "starting" | "idle" | "busy" | "dead";

/**
 * Why a kernel died: it could not start, the interpreter hit a fatal error
 * (the browser's stack overflowed, memory ran out, it aborted or exited), or
 * the worker itself failed.
 */
export type KernelDeath = "boot" | "stack" | "memory" | "abort" | "exit" | "crash" | "worker";

export interface StatusContent {
  execution_state: KernelStatus;
  /** Only in Ardoise: what the kernel is doing while it starts, and why it died. */
  detail?: string;
  /** Only in Ardoise, with "dead": the kind of failure, for a sentence the student can read. */
  reason?: KernelDeath;
}

/** Only in Ardoise: download progress while the kernel starts. */
export interface ProgressContent {
  /** The starting stage, as in the status detail ("runtime", "packages", "files"). */
  stage: string;
  /** Bytes received so far, and expected in all (decoded sizes, as in the build's manifest). */
  loaded: number;
  total: number;
}

export interface StreamContent {
  name: "stdout" | "stderr";
  text: string;
}

export interface ExecuteInputContent {
  code: string;
  execution_count: number;
}

export interface ExecuteResultContent {
  execution_count: number;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface DisplayDataContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface ClearOutputContent {
  wait: boolean;
}

export type ExecuteReplyContent =
  | { status: "ok"; execution_count: number; user_expressions: Record<string, unknown>; payload: unknown[] }
  | ({ status: "error"; execution_count: number } & ErrorContent)
  | { status: "aborted"; execution_count: number | null };

export interface CompleteReplyContent {
  status: "ok" | "error";
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

export interface InspectReplyContent {
  status: "ok" | "error";
  found: boolean;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface BootReplyContent {
  status: "ok" | "error";
  pyodide_version?: string;
  python_version?: string;
  evalue?: string;
  /** How Python started: from this browser's memory snapshot, or afresh (and why not from one). */
  start?: "snapshot" | "served" | "fresh";
  start_note?: string;
}

export interface SnapshotReplyContent {
  status: "ok" | "error";
  bytes?: number;
  evalue?: string;
}

export interface KernelInfoReplyContent {
  status: "ok";
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: { name: string; version: string; mimetype: string; file_extension: string };
  banner: string;
}

export type IOPubMessage =
  | Message<"status", StatusContent>
  | Message<"ardoise_progress", ProgressContent>
  | Message<"stream", StreamContent>
  | Message<"execute_input", ExecuteInputContent>
  | Message<"execute_result", ExecuteResultContent>
  | Message<"display_data", DisplayDataContent>
  | Message<"update_display_data", DisplayDataContent>
  | Message<"error", ErrorContent>
  | Message<"clear_output", ClearOutputContent>
  /** Only in Ardoise: what a cell did to the files, sent after it ran. */
  | Message<"ardoise_files_changed", FileOps>;

export interface FilesReplyContent {
  status: "ok" | "error";
  evalue?: string;
}

export type Reply =
  | Message<"ardoise_boot_reply", BootReplyContent>
  | Message<"ardoise_snapshot_reply", SnapshotReplyContent>
  | Message<"execute_reply", ExecuteReplyContent>
  | Message<"complete_reply", CompleteReplyContent>
  | Message<"inspect_reply", InspectReplyContent>
  | Message<"kernel_info_reply", KernelInfoReplyContent>
  | Message<"ardoise_files_reply", FilesReplyContent>;

// --- the stdin channel: input() asks, the app answers ---

export interface InputRequestContent {
  prompt: string;
  /** getpass(): the app hides what is typed and does not echo it. */
  password: boolean;
}

export interface InputReplyContent {
  value: string;
}

/**
 * Sent by the worker while Python waits in input(). Its metadata carries
 * `stdin_request`, the number the reply is written with (stdin.ts), so a late
 * answer to an earlier question is never taken for this one.
 */
export type InputRequest = Message<"input_request", InputRequestContent>;

/** The app's answer. Python cannot read messages while it waits, so its value goes through shared memory (stdin.ts). */
export type InputReply = Message<"input_reply", InputReplyContent>;

export type FromWorker = IOPubMessage | Reply | InputRequest;

export interface ReplyContents {
  ardoise_boot_reply: BootReplyContent;
  ardoise_snapshot_reply: SnapshotReplyContent;
  execute_reply: ExecuteReplyContent;
  complete_reply: CompleteReplyContent;
  inspect_reply: InspectReplyContent;
  kernel_info_reply: KernelInfoReplyContent;
  ardoise_files_reply: FilesReplyContent;
}

/** Narrows a request by its message type. */
export function isRequest<T extends Request["header"]["msg_type"]>(
  request: Request,
  msg_type: T,
): request is Extract<Request, Message<T, unknown>> {
  return request.header.msg_type === msg_type;
}

/** The reply to `request`, in the same session. */
export function makeReply<T extends keyof ReplyContents>(
  msg_type: T,
  content: ReplyContents[T],
  request: Message,
): Reply {
  return makeMessage(msg_type, content, request.header, "shell", request.header.session) as Reply;
}

let counter = 0;

/** A new message in reply to (or caused by) `parent`. */
export function makeMessage<T extends string, C>(
  msg_type: T,
  content: C,
  parent: Partial<Header> = {},
  channel: Message["channel"] = "shell",
  session = "",
): Message<T, C> {
  counter += 1;
  return {
    header: {
      msg_id: `${session || "ardoise"}-${Date.now().toString(36)}-${counter}`,
      msg_type,
      session,
      username: "",
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    },
    parent_header: parent,
    metadata: {},
    content,
    channel,
  };
}

export function isReply(message: FromWorker): message is Reply {
  return message.channel === "shell";
}

// The app's only door to the kernel worker: request/response pairs matched by
// message id, IOPub messages routed to the request that caused them.
import {
  makeMessage,
  type BootContent,
  type InputRequest,
  type InputRequestContent,
  type KernelDeath,
  type BootReplyContent,
  type CompleteReplyContent,
  type InspectReplyContent,
  type ExecuteReplyContent,
  type FileOps,
  type FilesReplyContent,
  type FromWorker,
  type IOPubMessage,
  type KernelStatus,
  type ProgressContent,
  type Reply,
  type Request,
} from "./protocol";
import { createStdinBuffer, writeInputReply } from "./stdin";
import { takeEarlyWorker } from "../early";

declare const __WORKER_FILE__: string;

export type StatusListener = (status: KernelStatus, detail?: string, reason?: KernelDeath) => void;
export type OutputListener = (message: IOPubMessage) => void;
/** Answers input(): resolves with the line typed, or never if the cell ends first. */
export type InputListener = (request: InputRequestContent) => Promise<string>;
export type ProgressListener = (progress: ProgressContent) => void;

interface Pending {
  resolve(reply: Reply): void;
  onOutput: OutputListener | undefined;
  onInput?: InputListener | undefined;
}

/** Time allowed for the runtime to download and start before the kernel is declared dead. */
const BOOT_TIMEOUT_MS = 180_000;

function newWorker(): Worker {
  return new Worker(new URL(`./${__WORKER_FILE__}`, import.meta.url), { type: "module", name: "ardoise-kernel" });
}

export class KernelClient {
  readonly session = `s${Math.random().toString(36).slice(2, 10)}`;
  private worker: Worker | null = null;
  private pending = new Map<string, Pending>();
  private listeners = new Set<StatusListener>();
  private current: KernelStatus = "starting";
  private detail: string | undefined;
  private reason: KernelDeath | undefined;
  private booted: Promise<BootReplyContent> | null = null;
  private displayUpdates: OutputListener | null = null;
  private fileChanges: ((ops: FileOps) => void) | null = null;
  private progressListeners = new Set<ProgressListener>();
  private started: BootReplyContent["start"];

  /** How the running Python started: "snapshot" (this browser's saved memory) or "fresh". */
  get startedFrom(): BootReplyContent["start"] {
    return this.started;
  }

  /** Download progress while the kernel starts (bytes, and the stage). */
  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  get status(): KernelStatus {
    return this.current;
  }

  get statusDetail(): string | undefined {
    return this.detail;
  }

  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    listener(this.current, this.detail, this.reason);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves once the kernel has stayed idle (or dead) for `ms` in a row: when
   * background work can have the CPU without slowing the student's cells.
   */
  whenQuiet(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stop: () => void = () => undefined;
      const done = () => {
        stop();
        resolve();
      };
      stop = this.onStatus((status) => {
        clearTimeout(timer);
        if (status === "idle" || status === "dead") timer = setTimeout(done, ms);
      });
    });
  }

  private bootContent: BootContent | null = null;
  /** Shared with the worker when the page is cross-origin isolated: writing 2 raises KeyboardInterrupt. */
  private interruptBuffer: Int32Array | null = null;
  /** Executions sent and not yet answered. */
  private executing = 0;
  /** Shared with the worker when the page is cross-origin isolated: input() reads its answers there. */
  private stdinBuffer: SharedArrayBuffer | null = null;

  /** True when Stop can interrupt Python without losing its variables. */
  get canInterrupt(): boolean {
    return this.interruptBuffer !== null;
  }

  /** A worker made by prepare(), not yet sent its boot request. */
  private prepared: Worker | null = null;

  /**
   * Makes the worker now, before the page knows how to start Python: its script
   * loads and is evaluated while the page reads the site's manifest and this
   * browser's storage. start() then uses it.
   */
  prepare(): void {
    if (!this.worker && !this.prepared) this.prepared = takeEarlyWorker() ?? newWorker();
  }

  /** Stops a prepared worker that will not be started (the notebook does not exist). */
  unprepare(): void {
    this.prepared?.terminate();
    this.prepared = null;
  }

  /** Starts the worker and the Python runtime; resolves once Python is ready (or failed). */
  start(boot: BootContent): Promise<BootReplyContent> {
    if (this.booted) return this.booted;
    this.bootContent = boot;
    this.interruptBuffer = globalThis.crossOriginIsolated
      ? new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT))
      : null;
    // A new buffer for each worker: an answer typed for a worker that was replaced never reaches its successor.
    this.stdinBuffer = createStdinBuffer();
    boot = { ...boot, interruptBuffer: this.interruptBuffer, stdinBuffer: this.stdinBuffer };
    const worker = this.prepared ?? newWorker();
    this.prepared = null;
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault(); // handled: the page says Python stopped and offers a restart
      this.die(event.message || "the kernel worker failed", "worker");
    };
    this.setStatus("starting");
    const request = makeMessage("ardoise_boot_request", boot, {}, "shell", this.session);
    const reply = this.request(request, undefined);
    const timeout = new Promise<BootReplyContent>((resolve) =>
      setTimeout(() => resolve({ status: "error", evalue: "timed out" }), BOOT_TIMEOUT_MS),
    );
    this.booted = Promise.race([reply.then((r) => r.content as BootReplyContent), timeout]).then(
      (content) => {
        if (content.status !== "ok") this.die(content.evalue ?? "", "boot");
        this.started = content.start;
        return content;
      },
    );
    return this.booted;
  }

  /**
   * Runs code; `onOutput` receives the IOPub messages it causes, in order, and
   * `onInput` answers its input() calls (without it, or without cross-origin
   * isolation, input() raises an error that says why).
   */
  async execute(code: string, onOutput: OutputListener, onInput?: InputListener): Promise<ExecuteReplyContent> {
    if (!this.worker || this.current === "dead") return { status: "aborted", execution_count: null };
    const allow_stdin = onInput !== undefined && this.stdinBuffer !== null;
    const request = makeMessage(
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin, stop_on_error: true },
      {},
      "shell",
      this.session,
    );
    // A Stop pressed while no cell ran must not interrupt this one; while cells
    // run or wait, a Stop stands, even if Python has not yet reached this cell.
    if (this.interruptBuffer && this.executing === 0) Atomics.store(this.interruptBuffer, 0, 0);
    this.executing += 1;
    try {
      const reply = await this.request(request, onOutput, onInput);
      return reply.content as ExecuteReplyContent;
    } finally {
      this.executing -= 1;
    }
  }

  /**
   * Stops the running cell. With a shared buffer Python gets a KeyboardInterrupt
   * and keeps its variables; without one the only way is a restart.
   * Resolves to "interrupted" or "restarted".
   */
  async interrupt(): Promise<"interrupted" | "restarted"> {
    if (this.interruptBuffer && this.current !== "dead") {
      Atomics.store(this.interruptBuffer, 0, 2);
      return "interrupted";
    }
    await this.restart();
    return "restarted";
  }

  /** A new Python: the worker is replaced and every variable is lost. */
  async restart(): Promise<BootReplyContent> {
    const boot = this.bootContent;
    if (!boot) throw new Error("the kernel was never started");
    this.worker?.terminate();
    this.worker = null;
    this.abortPending();
    this.booted = null;
    return this.start(boot);
  }

  /** Completions at `cursor` (Tab); empty while Python is not ready, rather than waiting. */
  async complete(code: string, cursor: number): Promise<CompleteReplyContent | null> {
    if (!this.worker || this.current !== "idle") return null;
    const request = makeMessage("complete_request", { code, cursor_pos: cursor }, {}, "shell", this.session);
    return (await this.request(request, undefined)).content as CompleteReplyContent;
  }

  /** Help on the name at `cursor` (Shift+Tab). */
  async inspect(code: string, cursor: number, detail: 0 | 1 = 0): Promise<InspectReplyContent | null> {
    if (!this.worker || this.current !== "idle") return null;
    const request = makeMessage(
      "inspect_request",
      { code, cursor_pos: cursor, detail_level: detail },
      {},
      "shell",
      this.session,
    );
    return (await this.request(request, undefined)).content as InspectReplyContent;
  }

  /** Receives update_display_data, which may target outputs of any cell. */
  onDisplayUpdate(listener: OutputListener): void {
    this.displayUpdates = listener;
  }

  /** Receives what each cell did to the files. */
  onFilesChanged(listener: (ops: FileOps) => void): void {
    this.fileChanges = listener;
  }

  /** Makes the user's changes to files visible to the running Python; false when it could not. */
  async writeFiles(ops: FileOps): Promise<boolean> {
    if (!this.worker || this.current === "dead") return false;
    const request = makeMessage("ardoise_files_request", ops, {}, "shell", this.session);
    return ((await this.request(request, undefined)).content as FilesReplyContent).status === "ok";
  }

  /** The user's files for the next start or restart (the running Python gets writeFiles). */
  setBootOverlay(overlay: FileOps): void {
    if (this.bootContent) this.bootContent = { ...this.bootContent, overlay };
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.die("stopped", "worker");
  }

  private request(message: Request, onOutput: OutputListener | undefined, onInput?: InputListener): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      this.pending.set(message.header.msg_id, { resolve, onOutput, onInput });
      this.worker?.postMessage(message);
    });
  }

  private receive(message: FromWorker): void {
    const parentId = message.parent_header.msg_id ?? "";
    const pending = this.pending.get(parentId);
    if (message.channel === "shell") {
      this.pending.delete(parentId);
      pending?.resolve(message as Reply);
      return;
    }
    if (message.channel === "stdin") {
      this.answer(message as InputRequest, pending?.onInput);
      return;
    }
    const iopub = message as IOPubMessage;
    if (iopub.header.msg_type === "status") {
      const content = (iopub as Extract<IOPubMessage, { header: { msg_type: "status" } }>).content;
      this.setStatus(content.execution_state, content.detail, content.reason);
      return;
    }
    if (iopub.header.msg_type === "ardoise_progress") {
      const content = (iopub as Extract<IOPubMessage, { header: { msg_type: "ardoise_progress" } }>).content;
      for (const listener of this.progressListeners) listener(content);
      return;
    }
    if (iopub.header.msg_type === "ardoise_files_changed") this.fileChanges?.(iopub.content as FileOps);
    else if (iopub.header.msg_type === "update_display_data") this.displayUpdates?.(iopub);
    else pending?.onOutput?.(iopub);
  }

  /** input_request: asks `onInput`, then sends the input_reply through the shared buffer. */
  private answer(request: InputRequest, onInput: InputListener | undefined): void {
    const buffer = this.stdinBuffer;
    const number = request.metadata.stdin_request;
    if (!buffer || typeof number !== "number") return;
    const worker = this.worker;
    // Nobody to ask (a request the app did not expect): an empty line rather than a Python stuck waiting.
    const answered = onInput ? onInput(request.content) : Promise.resolve("");
    void answered.then((value) => {
      if (this.worker !== worker || this.stdinBuffer !== buffer) return; // Python was restarted meanwhile
      const reply = makeMessage("input_reply", { value }, request.header, "stdin", this.session);
      writeInputReply(buffer, number, reply.content.value);
    });
  }

  private die(detail: string, reason: KernelDeath): void {
    this.setStatus("dead", detail, reason);
    this.abortPending();
  }

  private abortPending(): void {
    for (const [id, pending] of this.pending) {
      pending.resolve(
        makeMessage("execute_reply", { status: "aborted", execution_count: null }, { msg_id: id }, "shell", this.session),
      );
    }
    this.pending.clear();
  }

  /** Why the kernel died, while it is dead. */
  get deathReason(): KernelDeath | undefined {
    return this.reason;
  }

  private setStatus(status: KernelStatus, detail?: string, reason?: KernelDeath): void {
    this.current = status;
    this.detail = detail;
    this.reason = status === "dead" ? (reason ?? this.reason ?? "crash") : undefined;
    for (const listener of this.listeners) listener(status, detail, this.reason);
  }
}

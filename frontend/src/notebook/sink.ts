// Turns the kernel's IOPub messages into nbformat outputs in the model, which
// the cell views render; finds outputs again by display id for update_display.
// Streams keep only their tail when they grow very long (stream-tail.ts), and
// reach the model at most every STREAM_INTERVAL_MS: a cell printing as fast as
// it can then costs the page a few small updates a second, not one per message.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YCodeCell } from "@jupyter/ydoc";
import type * as Y from "yjs";
import type { IOPubMessage } from "../kernel/protocol";
import { appendTail, stateOf, type TailState } from "./stream-tail";

/** Stream text that arrives sooner than this after the last write waits for the next. */
const STREAM_INTERVAL_MS = 100;

/** What a password answer shows in the output, as in JupyterLab. */
const HIDDEN_ANSWER = "········";

/**
 * The display id of outputs shown with one, so update_display can find them.
 * Kept beside the model, not in it: nbformat has no place for display ids.
 */
const displayIds = new WeakMap<Y.Map<unknown>, string>();

/** Turns the IOPub messages of one execution into the cell's nbformat outputs. */
export class OutputSink {
  private clearPending = false;
  private readonly tails = new WeakMap<Y.Map<unknown>, TailState>();
  /** Stream text not yet in the model, with its stream's name. */
  private waiting: { name: string; text: string } | null = null;
  private timer = 0;
  private written = -Infinity;

  constructor(private readonly cell: YCodeCell) {}

  /** Writes the stream text that is waiting; call before showing anything after it, and at the end. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = 0;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    this.written = performance.now();
    this.stream(waiting.name, waiting.text);
  }

  note(text: string): void {
    this.flush();
    this.append({ output_type: "stream", name: "stderr", text: `${text}\n` } as nbformat.IStream);
  }

  /**
   * The question input() asked and its answer, as a terminal shows them (a
   * password as dots). A stream of its own, "stdin" as in JupyterLab, so that
   * it is not merged into what the program printed.
   */
  echoInput(prompt: string, value: string, password: boolean): void {
    this.flush();
    this.stream("stdin", `${prompt}${password ? HIDDEN_ANSWER : value}\n`);
  }

  add(message: IOPubMessage): void {
    const type = message.header.msg_type;
    if (type === "stream") {
      const { name, text } = message.content as { name: string; text: string };
      if (!this.clearPending) return this.buffer(name, text);
    }
    if (type === "status" || type === "execute_input") return;
    this.flush();
    if (type === "clear_output") {
      if ((message.content as { wait: boolean }).wait) this.clearPending = true;
      else this.cell.clearOutputs();
      return;
    }
    if (type === "update_display_data") return;
    if (this.clearPending) {
      this.clearPending = false;
      this.cell.clearOutputs();
    }
    const content = message.content as unknown as Record<string, unknown>;
    if (type === "stream") return this.stream(content.name as string, content.text as string);
    const output = { output_type: type, ...content } as nbformat.IOutput & { transient?: { display_id?: string } };
    const displayId = output.transient?.display_id;
    delete output.transient;
    this.append(output);
    if (displayId) displayIds.set(this.cell.youtputs.get(this.cell.youtputs.length - 1) as Y.Map<unknown>, displayId);
  }

  private buffer(name: string, text: string): void {
    if (this.waiting && this.waiting.name !== name) this.flush();
    if (this.waiting) this.waiting.text += text;
    else this.waiting = { name, text };
    const wait = this.written + STREAM_INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush(); // the first line of a quiet stream shows at once
    else if (!this.timer) this.timer = window.setTimeout(() => this.flush(), wait);
  }

  /** Appends to the last output when it is the same stream, as Jupyter does; else starts one. */
  private stream(name: string, text: string): void {
    const outputs = this.cell.youtputs;
    const last = outputs.length - 1;
    const previous = last >= 0 ? (outputs.get(last) as Y.Map<unknown>) : null;
    if (previous?.get("output_type") !== "stream" || previous.get("name") !== name) {
      this.append({ output_type: "stream", name, text: "" } as unknown as nbformat.IStream);
      return this.stream(name, text);
    }
    const ytext = previous.get("text") as Y.Text;
    let state = this.tails.get(previous);
    if (!state) this.tails.set(previous, (state = stateOf(ytext.toString())));
    const tail = state;
    this.cell.transact(() => appendTail(ytext, text, tail), false);
  }

  private append(output: nbformat.IOutput): void {
    const length = this.cell.youtputs.length;
    this.cell.updateOutputs(length, length, [output]);
  }
}

/** Replaces data and metadata of every output of `cells` shown with the message's display id. */
export function updateDisplays(cells: YCodeCell[], message: IOPubMessage): void {
  const content = message.content as { data?: unknown; metadata?: unknown; transient?: { display_id?: string } };
  const id = content.transient?.display_id;
  if (!id) return;
  for (const cell of cells) {
    cell.youtputs.forEach((output: unknown) => {
      const map = output as Y.Map<unknown>;
      if (displayIds.get(map) === id) {
        map.set("data", content.data ?? {});
        map.set("metadata", content.metadata ?? {});
      }
    });
  }
}

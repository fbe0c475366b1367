// Turns the kernel's IOPub messages into nbformat outputs in the model, which
// the cell views render; finds outputs again by display id for update_display.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YCodeCell } from "@jupyter/ydoc";
import type * as Y from "yjs";
import type { IOPubMessage } from "../kernel/protocol";

/**
 * The display id of outputs shown with one, so update_display can find them.
 * Kept beside the model, not in it: nbformat has no place for display ids.
 */
const displayIds = new WeakMap<Y.Map<unknown>, string>();

/** Turns the IOPub messages of one execution into the cell's nbformat outputs. */
export class OutputSink {
  private clearPending = false;

  constructor(private readonly cell: YCodeCell) {}

  note(text: string): void {
    this.append({ output_type: "stream", name: "stderr", text: `${text}\n` } as nbformat.IStream);
  }

  add(message: IOPubMessage): void {
    const type = message.header.msg_type;
    if (type === "clear_output") {
      if ((message.content as { wait: boolean }).wait) this.clearPending = true;
      else this.cell.clearOutputs();
      return;
    }
    if (type === "status" || type === "execute_input" || type === "update_display_data") return;
    if (this.clearPending) {
      this.clearPending = false;
      this.cell.clearOutputs();
    }
    const content = message.content as unknown as Record<string, unknown>;
    if (type === "stream") {
      const outputs = this.cell.youtputs;
      const last = outputs.length - 1;
      const previous = last >= 0 ? (outputs.get(last) as { get(key: string): unknown }) : null;
      if (previous && previous.get("output_type") === "stream" && previous.get("name") === content.name) {
        this.cell.appendStreamOutput(last, content.text as string);
        return;
      }
    }
    const output = { output_type: type, ...content } as nbformat.IOutput & { transient?: { display_id?: string } };
    const displayId = output.transient?.display_id;
    delete output.transient;
    this.append(output);
    if (displayId) displayIds.set(this.cell.youtputs.get(this.cell.youtputs.length - 1) as Y.Map<unknown>, displayId);
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

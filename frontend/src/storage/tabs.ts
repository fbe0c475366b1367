// Keeps the copies of one notebook open in several tabs of this browser in
// sync, live: each Yjs update goes to the other tabs over a BroadcastChannel,
// and a tab that opens asks the others for what it lacks. Yjs merges the
// updates, so neither tab's edits are lost.
import * as Y from "yjs";

type TabMessage =
  | { kind: "update"; update: Uint8Array }
  | { kind: "hello"; stateVector: Uint8Array }
  | { kind: "state"; update: Uint8Array };

export function syncTabs(name: string, doc: Y.Doc): () => void {
  if (typeof BroadcastChannel === "undefined") return () => undefined;
  const channel = new BroadcastChannel(name);
  const origin = channel; // marks updates that came from another tab

  const onUpdate = (update: Uint8Array, from: unknown) => {
    if (from !== origin) channel.postMessage({ kind: "update", update } satisfies TabMessage);
  };
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    const message = event.data;
    if (message.kind === "hello") {
      const missing = Y.encodeStateAsUpdate(doc, message.stateVector);
      channel.postMessage({ kind: "state", update: missing } satisfies TabMessage);
      // Ask back, in case the new tab holds edits this one has not seen.
      channel.postMessage({ kind: "update", update: Y.encodeStateAsUpdate(doc) } satisfies TabMessage);
    } else {
      Y.applyUpdate(doc, message.update, origin);
    }
  };
  doc.on("update", onUpdate);
  channel.postMessage({ kind: "hello", stateVector: Y.encodeStateVector(doc) } satisfies TabMessage);
  return () => {
    doc.off("update", onUpdate);
    channel.close();
  };
}

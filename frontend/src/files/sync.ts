// Keeps Python's files and the browser's in step on the notebook page: what a
// cell wrote or deleted is kept in the browser (and shows in the file panel);
// what the user uploads, edits or deletes is written into the running Python
// at once, and into the next one after a restart.
import type { KernelClient } from "../kernel/client";
import type { FileChange, FileOps, FileStore } from "../storage/files";
import { isNotebookPath } from "../paths";

export function syncFilesWithKernel(store: FileStore, kernel: KernelClient, onError: (error: unknown, ops: FileOps) => void): void {
  // One change at a time, in order: a write read late must not undo a later deletion.
  let queue = Promise.resolve();
  const then = (step: () => Promise<void>) => {
    queue = queue.then(step).catch((error: unknown) => console.error("ardoise: file sync", error));
  };

  kernel.onFilesChanged((ops) =>
    then(async () => {
      try {
        await store.apply(ops, "kernel");
      } catch (error) {
        onError(error, ops);
      }
    }),
  );
  store.onChange((change) =>
    then(async () => {
      if (change.source !== "kernel") await kernel.writeFiles(await opsOf(store, change));
      kernel.setBootOverlay(await store.overlay());
    }),
  );
}

/** A change as operations for Python; notebooks are documents in the app, not files in Python. */
async function opsOf(store: FileStore, change: FileChange): Promise<FileOps> {
  const write: FileOps["write"] = [];
  for (const path of change.written.filter((p) => !isNotebookPath(p))) {
    try {
      write.push({ path, data: await store.read(path) });
    } catch {
      // Gone again already (a later change removes it) or unreachable offline.
    }
  }
  return { write, mkdir: change.directories, remove: change.removed };
}

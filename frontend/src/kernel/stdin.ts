// The stdin channel over shared memory: how input() in Python waits for the
// line the student types. Python runs synchronously in the worker, so the
// worker cannot receive the app's input_reply message while it waits. Instead
// the app writes the reply's value into a SharedArrayBuffer and wakes the
// worker, which sleeps on it with Atomics.wait.
//
// The worker waits in short slices so that Stop can still interrupt Python
// (KeyboardInterrupt) while it waits. The app side is `writeInputReply`
// (called by client.ts), the worker side `blockingInput` (called by worker.ts).
//
// Layout: two Int32 — the number of the last request answered, the byte
// length of its value — then the value in UTF-8. Requests are numbered from 1
// in the order the worker asks; the worker waits until the number it asked
// with appears, so a late answer to an earlier question is never taken for
// the current one, and the worker itself never writes (no lost wake-up).
import type { InputRequestContent } from "./protocol";

const ANSWERED = 0;
const LENGTH = 1;
const HEADER_BYTES = 2 * Int32Array.BYTES_PER_ELEMENT;

/** Room for the value of one reply, in bytes of UTF-8. */
const VALUE_BYTES = 1 << 20;
/** The longest line that always fits, in UTF-16 code units: one takes at most 3 bytes of UTF-8. */
export const MAX_INPUT_LENGTH = Math.floor(VALUE_BYTES / 3);
/** How long the worker sleeps before looking whether Stop was pressed. */
const SLICE_MS = 50;

/** A buffer for one worker's stdin, or null when the page is not cross-origin isolated. */
export function createStdinBuffer(): SharedArrayBuffer | null {
  return globalThis.crossOriginIsolated ? new SharedArrayBuffer(HEADER_BYTES + VALUE_BYTES) : null;
}

/** App side: hands `value` to the worker waiting for the answer to request number `request`. */
export function writeInputReply(buffer: SharedArrayBuffer, request: number, value: string): void {
  const header = new Int32Array(buffer, 0, 2);
  const target = new Uint8Array(buffer, HEADER_BYTES);
  // TextEncoder refuses to write into shared memory: encode, then copy.
  const encoded = new TextEncoder().encode(value);
  const length = fitting(encoded, target.length);
  target.set(encoded.subarray(0, length));
  Atomics.store(header, LENGTH, length);
  Atomics.store(header, ANSWERED, request); // last: the worker reads the value once it sees this
  Atomics.notify(header, ANSWERED);
}

/** How many bytes of `utf8` fit in `room` without cutting a character (the field's maxlength makes it all). */
function fitting(utf8: Uint8Array, room: number): number {
  if (utf8.length <= room) return utf8.length;
  let end = room;
  while (end > 0 && (utf8[end]! & 0xc0) === 0x80) end--; // not inside a character's continuation bytes
  return end;
}

export interface StdinOptions {
  buffer: SharedArrayBuffer;
  /** Sends the input_request message with its number. */
  send(content: InputRequestContent, request: number): void;
  /** The buffer that Stop writes SIGINT (2) into (client.ts), shared with Pyodide. */
  interrupt: Int32Array | null;
}

const SIGINT = 2;

/**
 * Worker side: the `request_input(prompt, password)` that the Python kernel
 * calls for input() and getpass(). It blocks the worker until the app answers,
 * and returns undefined (None in Python; null would be `jsnull`) if Stop is
 * pressed first: Python then raises KeyboardInterrupt itself, so its traceback
 * ends at the student's line.
 */
export function blockingInput(options: StdinOptions): (prompt: string, password: boolean) => string | undefined {
  const header = new Int32Array(options.buffer, 0, 2);
  const bytes = new Uint8Array(options.buffer, HEADER_BYTES);
  const interrupt = options.interrupt;
  let requests = Atomics.load(header, ANSWERED);
  return (prompt, password) => {
    const request = ++requests;
    options.send({ prompt, password }, request);
    for (let seen = Atomics.load(header, ANSWERED); seen !== request; seen = Atomics.load(header, ANSWERED)) {
      Atomics.wait(header, ANSWERED, seen, SLICE_MS);
      // Taken, not just read: Pyodide must not raise a second KeyboardInterrupt later.
      if (interrupt && Atomics.compareExchange(interrupt, 0, SIGINT, 0) === SIGINT) return undefined;
    }
    // TextDecoder refuses views of shared memory: decode a copy.
    return new TextDecoder().decode(bytes.slice(0, Atomics.load(header, LENGTH)));
  };
}

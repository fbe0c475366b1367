/// <reference lib="webworker" />
// Download progress of the kernel's start, measured in the worker.
//
// Pyodide fetches its files itself. Wrapping the worker's `fetch` lets us count
// the bytes of every response whose size the build announced, without changing
// what Pyodide receives: the count reads a clone of the response, and the
// original (with its URL, so that the browser's compiled-WebAssembly cache
// still applies) goes on to Pyodide. Module scripts (`pyodide.asm.mjs`) do not
// go through `fetch`; the resource timing entry counts them once loaded.
declare const self: DedicatedWorkerGlobalScope;

export type ProgressListener = (loaded: number, total: number) => void;

/** Report at most this often while bytes arrive. */
const INTERVAL_MS = 100;

export class DownloadProgress {
  private readonly received = new Map<string, number>();
  private readonly sizes: Record<string, number>;
  /** Compressed size over size, by URL, where the manifest gives the compressed size. */
  private readonly ratios: Record<string, number> = {};
  /** The same, for the files that arrived as they are (no Content-Encoding): 1. */
  private readonly plain = new Set<string>();
  /** When the first byte of any file arrived (performance.now()). */
  private firstByte: number | null = null;
  private total: number;
  /** Null until someone listens: a start the page has not asked for yet counts silently. */
  private listener: ProgressListener | null = null;
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly restoreFetch: () => void;
  private readonly observer: PerformanceObserver | null = null;

  constructor(sizes: Record<string, number>, compressed: Record<string, number> = {}) {
    this.sizes = { ...sizes };
    for (const [url, bytes] of Object.entries(compressed)) {
      if (sizes[url]) this.ratios[url] = bytes / sizes[url];
    }
    this.total = Object.values(this.sizes).reduce((sum, size) => sum + size, 0);
    const original = self.fetch;
    self.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const response = await original(input, init);
      const url = response.url || String(input instanceof Request ? input.url : input);
      if (url in this.sizes && response.ok && response.body && (init?.method ?? "GET") === "GET") {
        if (!compressedOnTheWire(response)) this.plain.add(url);
        void this.count(url, response.clone());
      }
      return response;
    };
    this.restoreFetch = () => {
      self.fetch = original;
    };
    if (typeof PerformanceObserver === "function") {
      this.observer = new PerformanceObserver((entries) => {
        for (const entry of entries.getEntries()) {
          if (entry.name in this.sizes && !this.received.has(entry.name)) this.add(entry.name, this.sizes[entry.name]!);
        }
      });
      this.observer.observe({ type: "resource", buffered: true });
    }
  }

  /**
   * Reports to `listener` from now on, counting `sizes` too (files the page adds
   * to those the count started with). Bytes of a file whose download began
   * before it was announced are counted once it has arrived.
   */
  listen(listener: ProgressListener, sizes: Record<string, number> = {}): void {
    for (const [url, size] of Object.entries(sizes)) {
      if (url in this.sizes) continue;
      this.sizes[url] = size;
      this.total += size;
    }
    this.listener = listener;
    this.report();
  }

  /**
   * The bytes that crossed the network so far, estimated from each file's
   * compressed size, and since when (null: none yet). A file served
   * compressed otherwise than with brotli is weighed as if it were.
   */
  transferred(): { bytes: number; since: number | null } {
    let bytes = 0;
    for (const [url, received] of this.received) {
      bytes += received * (this.plain.has(url) ? 1 : (this.ratios[url] ?? 1));
    }
    return { bytes, since: this.firstByte };
  }

  /** Stops counting (once the kernel has started). */
  stop(): void {
    this.restoreFetch();
    this.observer?.disconnect();
    if (this.timer !== null) clearTimeout(this.timer);
    this.report();
  }

  private async count(url: string, response: Response): Promise<void> {
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.add(url, value.byteLength);
      }
    } catch {
      // The download failed; Pyodide's own read of it reports the error.
    }
  }

  private add(url: string, bytes: number): void {
    this.firstByte ??= performance.now();
    // Never count a file beyond its announced size (a cached file fetched twice, say).
    const before = this.received.get(url) ?? 0;
    this.received.set(url, Math.min(before + bytes, this.sizes[url] ?? 0));
    const now = Date.now();
    if (now - this.last >= INTERVAL_MS) this.report();
    else this.timer ??= setTimeout(() => this.report(), INTERVAL_MS);
  }

  private report(): void {
    this.timer = null;
    this.last = Date.now();
    let loaded = 0;
    for (const bytes of this.received.values()) loaded += bytes;
    this.listener?.(loaded, this.total);
  }
}

/**
 * Whether `response` crossed the network compressed. Only a same-origin
 * response is known to have come as it is: another origin may hide its
 * Content-Encoding header, and is then assumed to have compressed it.
 */
export function compressedOnTheWire(response: Response): boolean {
  const encoding = response.headers.get("Content-Encoding");
  if (encoding === null) return response.type !== "basic";
  return encoding !== "identity";
}

// Why the Python interpreter died, from the error Pyodide threw. Pyodide marks
// such an error as fatal and refuses every later call, so the worker reports
// the kernel dead and the app offers a restart. A MemoryError that Python
// raises and catches itself never gets here: it is an ordinary error of a cell.
import type { KernelDeath } from "./protocol";

export interface Death {
  reason: KernelDeath;
  /** The browser's own words, for the curious and for bug reports. */
  detail: string;
}

export function deathOf(error: unknown): Death {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const detail = name && !message.startsWith(name) ? `${name}: ${message}` : message;
  return { reason: reasonOf(name, message), detail };
}

function reasonOf(name: string, message: string): KernelDeath {
  // A JavaScript stack overflow inside WebAssembly: deep recursion in C
  // (repr or json of a deeply nested list) that Python's own limit did not stop.
  if (/maximum call stack size/i.test(message) || /too much recursion/i.test(message)) return "stack";
  if (/out of memory|allocation failed|cannot enlarge memory/i.test(message)) return "memory";
  // Emscripten's ExitStatus: os._exit() or the C exit() ended the program.
  if (name === "ExitStatus" || name === "Exit" || /program terminated with exit/i.test(message)) return "exit";
  // abort() and the traps of WebAssembly (RuntimeError: unreachable, …).
  if (name === "RuntimeError" || /^aborted/i.test(message)) return "abort";
  return "crash";
}

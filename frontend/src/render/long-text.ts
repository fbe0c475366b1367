// Text output that is too long to show whole (more than 1,000 lines or 200 KB):
// its head and its tail, with a button that shows all of it. What is shown is
// ordinary text, so it can be selected and copied.
import { styledText } from "./ansi";
import { message } from "./messages";
import { plainText, type Run } from "./terminal";

const MAX_LINES = 1000;
const MAX_CHARS = 200_000;
const KEEP_LINES = 200;
const KEEP_CHARS = 20_000;

interface Cut {
  head: number;
  tail: number;
  lines: number;
}

function countLines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** The offset just after the first `n` lines of `text`. */
function afterLines(text: string, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const newline = text.indexOf("\n", at);
    if (newline === -1) return text.length;
    at = newline + 1;
  }
  return at;
}

/** The offset where the last `n` lines of `text` start. */
function beforeLines(text: string, n: number): number {
  let at = text.endsWith("\n") ? text.length - 1 : text.length;
  for (let k = 0; k < n; k++) {
    const newline = text.lastIndexOf("\n", at - 1);
    if (newline === -1) return 0;
    at = newline;
  }
  return at + 1;
}

/** Where to cut `text` (the end of its head, the start of its tail), or null to show it all. */
export function cutPoints(text: string): Cut | null {
  const lines = countLines(text) + (text.endsWith("\n") ? 0 : 1);
  if (lines <= MAX_LINES && text.length <= MAX_CHARS) return null;
  const head = Math.min(afterLines(text, KEEP_LINES), KEEP_CHARS);
  const tail = Math.max(beforeLines(text, KEEP_LINES), text.length - KEEP_CHARS);
  return tail > head ? { head, tail, lines } : null;
}

/** The part of `runs` between the character offsets `from` and `to`. */
export function sliceRuns(runs: Run[], from: number, to: number): Run[] {
  const sliced: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const end = offset + run.text.length;
    if (end > from && offset < to) {
      sliced.push({ text: run.text.slice(Math.max(0, from - offset), to - offset), style: run.style });
    }
    offset = end;
  }
  return sliced;
}

/** A `<pre>` showing `runs`. */
export function preOf(runs: Run[], className: string): HTMLPreElement {
  const pre = document.createElement("pre");
  pre.className = className;
  pre.append(...runs.map((run) => styledText(run.text, run.style)));
  return pre;
}

function notice(text: string, cut: Cut, expand: () => void): HTMLElement {
  const hiddenLines = countLines(text, cut.head, cut.tail);
  const box = document.createElement("p");
  box.className = "output-long-notice";
  const count = hiddenLines || cut.tail - cut.head;
  box.textContent = message(hiddenLines ? "long.hidden" : "long.hiddenChars", { count });
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = hiddenLines
    ? message("long.showAll", { count: cut.lines })
    : message("long.showAllChars", { count: text.length });
  button.addEventListener("click", expand);
  box.append(" ", button);
  return box;
}

/**
 * `runs` in a `<pre class="className">`; when too long, its head and tail with
 * a "Show all" button. `onExpand` is told when the user asks for all of it.
 */
export function longText(runs: Run[], className: string, expanded: boolean, onExpand: () => void): HTMLElement {
  const text = plainText(runs);
  const cut = expanded ? null : cutPoints(text);
  if (!cut) return preOf(runs, className);
  const box = document.createElement("div");
  box.className = `output-long ${className}`;
  const expand = () => {
    onExpand();
    const full = preOf(runs, className);
    full.tabIndex = -1; // focus moves to the text that replaced the button
    box.replaceWith(full);
    full.focus({ preventScroll: true });
  };
  box.append(
    preOf(sliceRuns(runs, 0, cut.head), "output-long-part"),
    notice(text, cut, expand),
    preOf(sliceRuns(runs, cut.tail, text.length), "output-long-part"),
  );
  return box;
}

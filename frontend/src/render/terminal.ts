// What a terminal would show for a stream's text: `\r` returns to the start of
// the line and what follows overwrites it (a progress bar updates in place),
// `\b` moves back one character, `\r\n` is a newline, `ESC[K` erases, ANSI SGR
// codes colour the characters written after them, and other control codes are
// dropped. A pure function of the whole text, because a stream's output grows
// chunk by chunk and an `\r` can undo what an earlier chunk wrote.
import { applySGR, PLAIN, sameStyle, type Style } from "./ansi";

/** A stretch of text in one style; `text` may contain newlines. */
export interface Run {
  text: string;
  style: Style;
}

const CONTROL =
  /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[()*+].|\x1b[@-_]?|[\r\n\b]|[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
const ANY_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

// One line of the screen. Text written at its end is kept as runs; the first
// time the cursor moves back, it becomes one cell per character, as on a terminal.
class Line {
  private runs: Run[] = [];
  private chars: string[] | null = null;
  private styles: Style[] = [];
  private cursor = 0;

  write(text: string, style: Style): void {
    if (!this.chars) return append(this.runs, text, style);
    while (this.chars.length < this.cursor) this.put(this.chars.length, " ", PLAIN);
    for (const char of text) this.put(this.cursor++, char, style);
  }

  /** `\r`, `\b` and `ESC[nG`, `ESC[nC`, `ESC[nD`: moves the cursor. */
  move(control: string, n = 0): void {
    const chars = this.cells();
    if (control === "\r") this.cursor = 0;
    else if (control === "\b") this.cursor = Math.max(0, this.cursor - 1);
    else if (control === "G") this.cursor = Math.max(0, n - 1);
    else if (control === "C") this.cursor = Math.min(chars.length, this.cursor) + Math.max(1, n);
    else if (control === "D") this.cursor = Math.max(0, this.cursor - Math.max(1, n));
  }

  /** `ESC[K`: erase to the end of the line (0), from its start (1) or all of it (2). */
  erase(mode: string): void {
    const chars = this.cells();
    if (mode === "1") chars.fill(" ", 0, Math.min(this.cursor + 1, chars.length));
    else chars.length = this.styles.length = Math.min(chars.length, mode === "2" ? 0 : this.cursor);
  }

  /** Appends this line's text to `runs`, merging characters of the same style. */
  flushInto(runs: Run[]): void {
    if (!this.chars) return this.runs.forEach((run) => append(runs, run.text, run.style));
    let start = 0;
    for (let i = 1; i <= this.chars.length; i++) {
      if (i < this.chars.length && sameStyle(this.styles[i]!, this.styles[start]!)) continue;
      append(runs, this.chars.slice(start, i).join(""), this.styles[start]!);
      start = i;
    }
  }

  private cells(): string[] {
    if (this.chars) return this.chars;
    const chars: string[] = (this.chars = []);
    for (const run of this.runs) {
      for (const char of run.text) {
        chars.push(char);
        this.styles.push(run.style);
      }
    }
    this.cursor = chars.length;
    return chars;
  }

  private put(at: number, char: string, style: Style): void {
    this.chars![at] = char;
    this.styles[at] = style;
  }
}

function append(runs: Run[], text: string, style: Style): void {
  const last = runs[runs.length - 1];
  if (last && sameStyle(last.style, style)) last.text += text;
  else runs.push({ text, style });
}

function newline(runs: Run[]): void {
  const last = runs[runs.length - 1];
  if (last) last.text += "\n";
  else runs.push({ text: "\n", style: PLAIN });
}

/** The styled text a terminal would show for `text`. */
export function terminalRuns(text: string): Run[] {
  if (!ANY_CONTROL.test(text)) return text ? [{ text, style: PLAIN }] : [];
  const runs: Run[] = [];
  let line = new Line();
  let style = PLAIN;
  let last = 0;
  for (const match of text.matchAll(CONTROL)) {
    if (match.index > last) line.write(text.slice(last, match.index), style);
    last = match.index + match[0].length;
    const [control, params = "", final] = match;
    if (control === "\n") {
      line.flushInto(runs);
      newline(runs);
      line = new Line();
    } else if (control === "\r" || control === "\b") {
      // `\r\n` ends the line as `\n` alone would.
      if (control === "\b" || text.charAt(last) !== "\n") line.move(control);
    } else if (final === "m") style = applySGR(style, params);
    else if (final === "K") line.erase(params);
    else if (final === "G" || final === "C" || final === "D") line.move(final, Number(params) || 0);
  }
  if (last < text.length) line.write(text.slice(last), style);
  line.flushInto(runs);
  return runs;
}

/** The text of `runs` without styles. */
export function plainText(runs: Run[]): string {
  return runs.map((run) => run.text).join("");
}

// A stream output that keeps growing (a runaway print loop) keeps only its
// tail, so that the notebook, the page and IndexedDB stay small whatever a
// cell prints. Up to MAX_LINES lines (MAX_CHARS characters) everything is
// kept; past that the oldest lines are dropped down to TAIL_LINES, and the
// text starts with a line saying how many were dropped. That line is part of
// the output, so a downloaded notebook says it too (docs/decisions.md).
//
// Edits are small: the dropped lines are deleted from the start of the
// `Y.Text` and the new text inserted at its end, so each Yjs update (and
// IndexedDB write) is about the size of what was printed, not of the output.
import type * as Y from "yjs";
import { t } from "../i18n";

export const MAX_LINES = 10_000;
export const MAX_CHARS = 1_000_000;
export const TAIL_LINES = 5_000;
export const TAIL_CHARS = 500_000;

/** What is known of one stream output's text. */
export interface TailState {
  /** Newlines in the text after the marker. */
  lines: number;
  /** Length of the marker line at the start of the text (0 while nothing was dropped). */
  marker: number;
  hiddenLines: number;
  hiddenChars: number;
}

export function newlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** The state of a text that was not written through `appendTail` (nothing dropped yet). */
export function stateOf(text: string): TailState {
  return { lines: newlines(text), marker: 0, hiddenLines: 0, hiddenChars: 0 };
}

/** Where the kept tail of `body` starts: its last TAIL_LINES lines, at most TAIL_CHARS characters. */
export function tailStart(body: string): number {
  let at = body.endsWith("\n") ? body.length - 1 : body.length;
  for (let k = 0; k < TAIL_LINES && at > 0; k++) at = body.lastIndexOf("\n", at - 1);
  let start = at <= 0 ? 0 : at + 1;
  if (body.length - start > TAIL_CHARS) {
    start = body.length - TAIL_CHARS;
    // Start at a line when there is one in the window, so no line is shown cut.
    const line = body.indexOf("\n", start - 1);
    if (line !== -1 && line < body.length - 1) start = line + 1;
  }
  return start;
}

function marker(state: TailState): string {
  return state.hiddenLines > 0
    ? `${t("output.trimmedLines", { count: state.hiddenLines, kept: TAIL_LINES })}\n`
    : `${t("output.trimmedChars", { count: state.hiddenChars })}\n`;
}

/** Appends `added` to `text` (inside the caller's transaction), dropping the oldest lines past the limit. */
export function appendTail(text: Y.Text, added: string, state: TailState): void {
  state.lines += newlines(added);
  if (state.lines <= MAX_LINES && text.length + added.length <= MAX_CHARS) {
    text.insert(text.length, added);
    return;
  }
  const kept = text.toString().slice(state.marker);
  const body = kept + added;
  const start = tailStart(body);
  state.hiddenLines += newlines(body, 0, start);
  state.hiddenChars += start;
  state.lines = newlines(body, start);
  const line = marker(state);
  if (start <= kept.length) {
    text.delete(0, state.marker + start);
    text.insert(0, line);
    text.insert(text.length, added);
  } else {
    text.delete(0, text.length);
    text.insert(0, line + added.slice(start - kept.length));
  }
  state.marker = line.length;
}

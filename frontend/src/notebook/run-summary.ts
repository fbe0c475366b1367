// What a screen reader hears when a cell finishes: its number and count, and
// its result in one line — the error's last line, else the value shown, else
// the last line printed. The whole output stays in the cell's output region.
import type * as nbformat from "@jupyterlab/nbformat";
import { t } from "../i18n";

/** A screen reader reads this much of a result; the rest is in the output region. */
const MAX_CHARS = 200;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

function text(value: nbformat.MultilineString | undefined): string {
  return (Array.isArray(value) ? value.join("") : (value ?? "")).replace(ANSI, "");
}

function lastLine(value: string): string {
  const lines = value.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? "";
}

function short(value: string): string {
  return value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}…` : value;
}

function shown(output: nbformat.IOutput): string {
  const data = (output.data ?? {}) as nbformat.IMimeBundle;
  if ("text/plain" in data) return lastLine(text(data["text/plain"] as nbformat.MultilineString));
  return Object.keys(data).some((mime) => mime.startsWith("image/")) ? t("cell.result.image") : "";
}

/** The one line said when cell `n` has run as `[count]` with `outputs`. */
export function runSummary(n: number, count: number | null, outputs: readonly nbformat.IOutput[]): string {
  const error = outputs.find((output): output is nbformat.IError => output.output_type === "error");
  if (error) return t("cell.result.error", { n, error: short(`${error.ename}: ${error.evalue}`) });
  const result = outputs.find((output) => output.output_type === "execute_result");
  const streams = outputs.filter((output): output is nbformat.IStream => output.output_type === "stream" && output.name !== "stdin");
  const line = (result && shown(result)) || lastLine(text(streams.at(-1)?.text)) || [...outputs].reverse().map(shown).find(Boolean) || "";
  const ran = count === null ? t("cell.result.ran", { n }) : t("cell.result.ranAs", { n, count });
  return line ? t("cell.result.value", { ran, result: short(line) }) : t("cell.result.none", { ran });
}

/** The cells of one Run all (or Run above, below, selected) that ran, in the order they finished. */
export type RunBatch = { failed: boolean; summary: string }[];

/** One line for a batch: how many cells ran, and the error that stopped it or the last result. */
export function batchSummary(batch: RunBatch): string {
  const failed = batch.find((cell) => cell.failed);
  if (failed) return t("cell.batch.error", { summary: failed.summary });
  return t("cell.batch.done", { count: batch.length, summary: batch.at(-1)?.summary ?? "" });
}

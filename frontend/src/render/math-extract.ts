// Finds the math in Markdown (or in LaTeX output) before Markdown reads it, as
// Jupyter does (JupyterLab's `removeMath`, after MathJax and StackExchange):
// each piece of math becomes a placeholder `@@n@@`, so that `$a_1 * b_2$` never
// turns into emphasis and a `|` in math never splits a table. Delimiters:
// `$…$`, `$$…$$`, `\(…\)`, `\[…\]` (also doubled backslashes, as the classic
// notebook needed) and bare `\begin{env}…\end{env}`. Math never crosses a blank
// line, braces must balance, and code spans and fences are left alone.
//
// One heuristic more than Jupyter, so that prices stay prose (pandoc's rule,
// loosened to keep `$ x $`): an inline `$…$` is not math when its closing `$`
// is followed by a digit, or when it starts with a digit and its closing `$`
// follows a space ("costs $5 and $10").

export interface MathSpan {
  /** The original text, delimiters included: shown until KaTeX has loaded, and inside code. */
  source: string;
  /** What KaTeX typesets. */
  tex: string;
  display: boolean;
  /** A `@@n@@` that was in the source itself: put back as text, never typeset. */
  literal: boolean;
}

const TOKEN =
  /\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\\\?[()[\]]|\\[{}$\\]|[{}]|\n(?:[ \t]*\n)+|@@\d+@@/gi;
const FENCE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1\S*[ \t]*$|(?![\s\S]))/gm;
const CODE_SPAN = /(^|[^\\`])(`+)([^\n]*?[^`\n])\2(?!`)/gm;

interface Token {
  index: number;
  value: string;
}

/** The text with code hidden: the same length, with nothing in code that looks like a delimiter. */
function maskCode(text: string): string {
  const neutral = (code: string) => code.replace(/[$\\{}@\n]/g, (c) => (c === "\n" ? "\n" : "_"));
  return text
    .replace(FENCE, neutral)
    .replace(CODE_SPAN, (_, before: string, ticks: string, code: string) => before + neutral(ticks + code + ticks));
}

function closerFor(opener: string): string {
  if (opener === "$" || opener === "$$") return opener;
  if (opener.startsWith("\\begin")) return `\\end${opener.slice(6)}`;
  return opener.slice(0, -1) + (opener.endsWith("(") ? ")" : "]");
}

function isOpener(value: string): boolean {
  return value === "$" || value === "$$" || /^\\\\?[([]$/.test(value) || value.startsWith("\\begin");
}

function toSpan(source: string, opener: string): MathSpan {
  const closer = closerFor(opener);
  if (opener.startsWith("\\begin")) return { source, tex: source, display: true, literal: false };
  const tex = source.slice(opener.length, source.length - closer.length);
  const display = opener === "$$" || opener.endsWith("[");
  return { source, tex, display, literal: false };
}

/** Whether a `$` at `index` closes inline math that opened at `start`, or looks like a price. */
function closesInline(text: string, start: number, index: number): boolean {
  if (/\d/.test(text.charAt(index + 1))) return false;
  return !(/\d/.test(text.charAt(start + 1)) && /\s/.test(text.charAt(index - 1)));
}

/** Replaces the math in `source` by placeholders; `math[n]` is what `@@n@@` stands for. */
export function extractMath(source: string): { text: string; math: MathSpan[] } {
  const text = source.replace(/\r\n?/g, "\n");
  const tokens: Token[] = [...maskCode(text).matchAll(TOKEN)].map((m) => ({ index: m.index, value: m[0] }));
  const math: MathSpan[] = [];
  const pieces: string[] = [];
  let copied = 0;
  const replace = (from: number, to: number, span: MathSpan) => {
    pieces.push(text.slice(copied, from), `@@${math.length}@@`);
    math.push(span);
    copied = to;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.value.startsWith("@@")) {
      replace(token.index, token.index + token.value.length, { source: token.value, tex: "", display: false, literal: true });
      continue;
    }
    if (!isOpener(token.value)) continue;
    const end = findEnd(text, tokens, i);
    if (end === null) continue;
    const last = tokens[end]!;
    const to = last.index + last.value.length;
    replace(token.index, to, toSpan(text.slice(token.index, to), token.value));
    i = end;
  }
  pieces.push(text.slice(copied));
  return { text: pieces.join(""), math };
}

/** The index of the token that closes the math opened by `tokens[open]`, or null. */
function findEnd(text: string, tokens: Token[], open: number): number | null {
  const opener = tokens[open]!;
  const closer = closerFor(opener.value);
  let braces = 0;
  let balancedLater: number | null = null;
  for (let i = open + 1; i < tokens.length; i++) {
    const { value, index } = tokens[i]!;
    if (value === closer) {
      if (braces) {
        balancedLater = i;
        continue;
      }
      if (closer === "$" && !closesInline(text, opener.index, index)) return null;
      return i;
    }
    if (value.startsWith("\n")) return balancedLater;
    if (value === "{") braces++;
    else if (value === "}" && braces) braces--;
  }
  return balancedLater;
}

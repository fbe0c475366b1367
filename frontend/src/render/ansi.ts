// ANSI "Select Graphic Rendition" codes (`ESC[…m`), as terminals and Jupyter
// show them: 16 colours (normal and bright), 256 colours, 24-bit colours, bold,
// faint, italic, underline, inverse, strikethrough and reset. The 16 colours
// are classes whose colours the theme picks (readable in light and dark); the
// others are inline colours. Text is only ever set as text, never as HTML.

/** 0–15: one of the theme's 16 colours; a string: an `rgb()` colour. */
export type Color = number | string;

export interface Style {
  readonly fg: Color | null;
  readonly bg: Color | null;
  readonly bold: boolean;
  readonly faint: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
  readonly strike: boolean;
}

export const PLAIN: Style = Object.freeze({
  fg: null, bg: null, bold: false, faint: false, italic: false, underline: false, inverse: false, strike: false,
});

const NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];
const CUBE = [0, 95, 135, 175, 215, 255];
const FLAGS: Record<number, Partial<Record<keyof Style, boolean>>> = {
  1: { bold: true }, 2: { faint: true }, 3: { italic: true }, 4: { underline: true }, 7: { inverse: true },
  9: { strike: true }, 21: { underline: true }, 22: { bold: false, faint: false }, 23: { italic: false },
  24: { underline: false }, 27: { inverse: false }, 29: { strike: false },
};

/** A colour of the 256-colour palette. */
function indexed(n: number): Color | null {
  if (!(n >= 0 && n <= 255)) return null;
  if (n < 16) return n;
  if (n >= 232) return `rgb(${8 + (n - 232) * 10}, ${8 + (n - 232) * 10}, ${8 + (n - 232) * 10})`;
  const c = n - 16;
  return `rgb(${CUBE[Math.floor(c / 36)]}, ${CUBE[Math.floor(c / 6) % 6]}, ${CUBE[c % 6]})`;
}

/** `38;5;n` or `38;2;r;g;b` (and 48 for the background): the colour and how many codes it used. */
function extended(codes: number[], at: number): [Color | null, number] {
  if (codes[at + 1] === 5) return [indexed(codes[at + 2] ?? -1), 2];
  if (codes[at + 1] === 2) {
    const rgb = codes.slice(at + 2, at + 5);
    const valid = rgb.length === 3 && rgb.every((v) => v >= 0 && v <= 255);
    return [valid ? `rgb(${rgb.join(", ")})` : null, 4];
  }
  return [null, 0];
}

const KEYS = Object.keys(PLAIN) as (keyof Style)[];
// Programs repeat the same few codes: each (style, codes) pair is worked out once.
const applied = new WeakMap<Style, Map<string, Style>>();

function same(a: Style, b: Style): boolean {
  return KEYS.every((key) => a[key] === b[key]);
}

/** The style after the SGR sequence `ESC[<params>m`. */
export function applySGR(style: Style, params: string): Style {
  let cache = applied.get(style);
  if (!cache) applied.set(style, (cache = new Map()));
  let next = cache.get(params);
  if (!next) cache.set(params, (next = computeSGR(style, params)));
  return next;
}

function computeSGR(style: Style, params: string): Style {
  const codes = params.split(/[;:]/).map((p) => (p === "" ? 0 : Number(p)));
  let next: { -readonly [K in keyof Style]: Style[K] } = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) next = { ...PLAIN };
    else if (code in FLAGS) Object.assign(next, FLAGS[code]);
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 39) next.fg = null;
    else if (code === 49) next.bg = null;
    else if (code === 38 || code === 48) {
      const [color, used] = extended(codes, i);
      if (color !== null) next[code === 38 ? "fg" : "bg"] = color;
      i += used;
    }
  }
  if (same(next, style)) return style;
  return same(next, PLAIN) ? PLAIN : Object.freeze(next);
}

export function sameStyle(a: Style, b: Style): boolean {
  return a === b || same(a, b);
}

function paint(span: HTMLElement, color: Color | null, layer: "fg" | "bg", inverted: boolean): void {
  if (typeof color === "number") span.classList.add(`ansi-${color >= 8 ? "bright-" : ""}${NAMES[color % 8]}-${layer}`);
  else if (typeof color === "string") span.style[layer === "fg" ? "color" : "backgroundColor"] = color;
  else if (inverted) span.classList.add(`ansi-inverse-${layer}`);
}

/** `text` in `style`: a text node, or a span with the style's classes and colours. */
export function styledText(text: string, style: Style): Node {
  if (style === PLAIN) return document.createTextNode(text);
  const span = document.createElement("span");
  const [fg, bg] = style.inverse ? [style.bg, style.fg] : [style.fg, style.bg];
  paint(span, fg, "fg", style.inverse);
  paint(span, bg, "bg", style.inverse);
  for (const flag of ["bold", "faint", "italic", "underline", "strike"] as const) {
    if (style[flag]) span.classList.add(`ansi-${flag}`);
  }
  span.textContent = text;
  return span;
}

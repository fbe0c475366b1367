// The colours of code in the editors and in code shown as text: the page's
// --tok-* colours (styles.css), chosen for AA contrast in the light and the
// dark theme. CodeMirror's defaultHighlightStyle is for light pages only, and
// some of its colours (#e40 for escapes) fall below AA even there.
import { HighlightStyle } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const color = (name: string) => `var(--tok-${name})`;

export const codeHighlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: color("keyword") },
  { tag: [tags.atom, tags.bool, tags.number, tags.literal, tags.url, tags.labelName], color: color("number") },
  { tag: [tags.string, tags.regexp, tags.escape, tags.special(tags.string), tags.inserted, tags.deleted], color: color("string") },
  { tag: [tags.definition(tags.variableName), tags.definition(tags.propertyName), tags.macroName], color: color("definition") },
  { tag: [tags.typeName, tags.className, tags.namespace], color: color("type") },
  { tag: tags.comment, color: color("comment"), fontStyle: "italic" },
  { tag: tags.meta, color: color("meta") },
  { tag: tags.invalid, color: color("invalid") },
  { tag: tags.heading, fontWeight: "bold", textDecoration: "underline" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strong, fontWeight: "bold" },
  { tag: tags.link, textDecoration: "underline" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
]);

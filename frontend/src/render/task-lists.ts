// GitHub task lists in Markdown: a list item that starts with `[ ]` or `[x]`
// shows a (read-only) checkbox, as in JupyterLab and on GitHub.
import type MarkdownIt from "markdown-it";
import type { StateCore, Token } from "markdown-it";

const MARKER = /^\[([ xX])\](?:[ \t]+|$)/;

function enclosingList(tokens: Token[], item: number): Token | null {
  const level = tokens[item]!.level - 1;
  for (let i = item - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.level === level && token.type.endsWith("_list_open")) return token;
  }
  return null;
}

function markTask(state: StateCore, index: number): void {
  const tokens = state.tokens;
  const first = tokens[index]!.children?.[0];
  const match = first?.type === "text" ? MARKER.exec(first.content) : null;
  if (!first || !match) return;
  first.content = first.content.slice(match[0].length);
  const checkbox = new state.Token("html_inline", "", 0);
  const checked = match[1] === " " ? "" : " checked";
  checkbox.content = `<input class="task-list-item-checkbox" type="checkbox" disabled${checked}> `;
  tokens[index]!.children!.unshift(checkbox);
  tokens[index - 2]!.attrJoin("class", "task-list-item");
  const list = enclosingList(tokens, index - 2);
  if (list && !list.attrGet("class")?.includes("contains-task-list")) list.attrJoin("class", "contains-task-list");
}

/** The markdown-it plugin. */
export function taskLists(md: MarkdownIt): void {
  md.core.ruler.after("inline", "task_lists", (state) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      if (tokens[i]!.type === "inline" && tokens[i - 1]!.type === "paragraph_open" && tokens[i - 2]!.type === "list_item_open") {
        markTask(state, i);
      }
    }
  });
}

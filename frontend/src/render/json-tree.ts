// `application/json` output: a collapsible tree. Each object and array is a
// <details> whose <summary> toggles with the mouse, Enter or Space, and is
// announced as expanded or collapsed. Children are built when first opened,
// so a huge document costs nothing until it is explored.
import { message } from "./messages";

const MAX_CHILDREN = 1000;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null && Object.keys(value).length > 0;
}

function span(className: string, text: string): HTMLElement {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}

function leaf(value: unknown): HTMLElement {
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return span(`json-value json-${type}`, JSON.stringify(value) ?? String(value));
}

/** `"key": ` for an object's member, `0: ` for an array's item. */
function label(key: string, inArray: boolean): Node[] {
  const name = inArray ? span("json-index", key) : span("json-key", JSON.stringify(key));
  return [name, document.createTextNode(": ")];
}

function preview(value: Container): string {
  const count = Object.keys(value).length;
  if (Array.isArray(value)) return `[…] ${message(count === 1 ? "json.item" : "json.items", { count })}`;
  return `{…} ${message(count === 1 ? "json.key" : "json.keys", { count })}`;
}

function children(value: Container): HTMLElement {
  const list = document.createElement("ul");
  const entries = Object.entries(value);
  for (const [key, child] of entries.slice(0, MAX_CHILDREN)) {
    const item = document.createElement("li");
    item.append(node(label(key, Array.isArray(value)), child, false));
    list.append(item);
  }
  if (entries.length > MAX_CHILDREN) {
    const more = document.createElement("li");
    more.textContent = message("json.more", { count: entries.length - MAX_CHILDREN });
    list.append(more);
  }
  return list;
}

function node(prefix: Node[], value: unknown, open: boolean): HTMLElement {
  if (!isContainer(value)) {
    const line = document.createElement("div");
    line.append(...prefix, leaf(value));
    return line;
  }
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.append(...prefix, span("json-preview", preview(value)));
  details.append(summary);
  let filled = false;
  const fill = () => {
    if (!filled && details.open) details.append(children(value));
    filled ||= details.open;
  };
  details.open = open;
  fill();
  details.addEventListener("toggle", fill);
  return details;
}

/** The tree of `value`, its first level open. */
export function jsonTree(value: unknown): HTMLElement {
  const root = document.createElement("div");
  root.className = "output-json";
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", message("json.label"));
  root.append(node([], value, true));
  return root;
}

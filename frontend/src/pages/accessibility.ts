// The accessibility statement, a page of every site (French public services
// must publish one; RGAA 4.1 follows WCAG). It is about the app, which every
// course shares; a course's own content is its author's.
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";

const LIMITS: MessageKey[] = ["statement.limit.readers", "statement.limit.errors", "statement.limit.content"];
const SECTIONS: [MessageKey, MessageKey | MessageKey[]][] = [
  ["statement.status.title", "statement.status"],
  ["statement.tested.title", "statement.tested"],
  ["statement.limits.title", LIMITS],
  ["statement.use.title", "statement.use"],
  ["statement.tech.title", "statement.tech"],
  ["statement.contact.title", "statement.contact"],
  ["statement.recourse.title", "statement.recourse"],
];

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { textContent: text });
}

function section([title, body]: [MessageKey, MessageKey | MessageKey[]]): HTMLElement {
  const part = document.createElement("section");
  const heading = element("h2", t(title));
  if (Array.isArray(body)) {
    const list = document.createElement("ul");
    list.append(...body.map((key) => element("li", t(key))));
    part.append(heading, list);
  } else {
    part.append(heading, element("p", t(body)));
  }
  return part;
}

export function showStatement(main: HTMLElement, siteTitle: string): void {
  const heading = element("h1", t("statement.title"));
  document.title = `${heading.textContent} · Ardoise`;
  const back = Object.assign(element("a", t("nb.back")), { href: "index.html", className: "back-link" });
  const intro = element("p", t("statement.intro", { site: siteTitle || t("statement.thisSite") }));
  main.className = "statement";
  main.replaceChildren(back, heading, intro, ...SECTIONS.map(section));
}

// Heading anchors, as JupyterLab makes them: the id is the heading's text with
// spaces turned into `-`, and a ¶ link to it (named for screen readers) shows
// on hover and focus.
import { message } from "./messages";

export function addHeadingAnchors(root: ParentNode): void {
  for (const heading of root.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")) {
    const title = (heading.textContent ?? "").trim();
    if (!title) continue;
    heading.id = title.replace(/ /g, "-");
    const anchor = document.createElement("a");
    anchor.className = "heading-anchor";
    anchor.href = `#${heading.id}`;
    anchor.textContent = "¶";
    anchor.setAttribute("aria-label", message("heading.anchor", { title }));
    heading.append(" ", anchor);
  }
}

// Untrusted content (a notebook's Markdown and HTML outputs) never runs script in
// the app's origin: everything goes through DOMPurify first.
import DOMPurify from "dompurify";

const purifier = DOMPurify(window);

// Links in notebooks open outside the app without giving it a handle on the page.
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node instanceof HTMLAnchorElement && node.getAttribute("href") && !node.getAttribute("href")!.startsWith("#")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

export function sanitizeHTML(html: string): DocumentFragment {
  return purifier.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ["style", "form"] });
}

export function sanitizeSVG(svg: string): DocumentFragment {
  return purifier.sanitize(svg, {
    RETURN_DOM_FRAGMENT: true,
    USE_PROFILES: { svg: true, svgFilters: true },
  });
}

// Untrusted content (a notebook's Markdown and HTML outputs) never runs script in
// the app's origin: everything goes through DOMPurify first.
import type * as nbformat from "@jupyterlab/nbformat";
import DOMPurify from "dompurify";

const purifier = DOMPurify(window);

// Links in notebooks open outside the app without giving it a handle on the page.
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node instanceof HTMLAnchorElement && node.getAttribute("href") && !node.getAttribute("href")!.startsWith("#")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  if (node instanceof HTMLIFrameElement) confine(node);
});

/**
 * An embedded page (IPython's `IFrame`, a video in Markdown) runs sandboxed,
 * whatever the notebook asked: an opaque origin, no navigation of the app. It
 * is `credentialless` so that a cross-origin-isolated page may still embed it.
 */
function confine(frame: HTMLIFrameElement): void {
  frame.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-presentation");
  frame.setAttribute("credentialless", "");
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("loading", "lazy");
  if (!frame.getAttribute("title")) frame.setAttribute("title", frame.getAttribute("src") ?? "");
}

function htmlOptions() {
  return {
    RETURN_DOM_FRAGMENT: true as const,
    FORBID_TAGS: ["style", "form"],
    ADD_TAGS: ["iframe"],
    ADD_ATTR: ["allowfullscreen"],
  };
}

/** The attachments of the cell being sanitized, if any (set for one call only). */
let attachments: nbformat.IAttachments | null = null;

function decoded(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * A cell's `attachment:name` image becomes a data: URL of the attachment's
 * image, before DOMPurify checks the URL: DOMPurify then lets it through as it
 * lets any data: image, and drops everything else as usual. Only images are
 * made into data: URLs; nothing else about what passes changes.
 */
purifier.addHook("uponSanitizeAttribute", (node, data) => {
  if (!attachments || data.attrName !== "src" || node.nodeName !== "IMG") return;
  const value = data.attrValue.trim();
  if (!value.toLowerCase().startsWith("attachment:")) return;
  const bundle = attachments[decoded(value.slice("attachment:".length))];
  const mime = Object.keys(bundle ?? {}).find((type) => type.startsWith("image/"));
  const payload: unknown = mime ? bundle![mime] : undefined;
  const base64 = Array.isArray(payload) ? payload.join("") : payload;
  if (typeof base64 === "string") data.attrValue = `data:${mime};base64,${base64.replace(/\s+/g, "")}`;
});

export function sanitizeHTML(html: string, cellAttachments?: nbformat.IAttachments | null): DocumentFragment {
  attachments = cellAttachments ?? null;
  try {
    return purifier.sanitize(html, htmlOptions());
  } finally {
    attachments = null;
  }
}

/** Whether `html` carries a script, which sanitizing would take out. */
export function carriesScript(html: string): boolean {
  if (!/<script/i.test(html)) return false;
  purifier.sanitize(html, htmlOptions());
  return purifier.removed.some((entry) => "element" in entry && entry.element.nodeName === "SCRIPT");
}

export function sanitizeSVG(svg: string): DocumentFragment {
  return purifier.sanitize(svg, {
    RETURN_DOM_FRAGMENT: true,
    USE_PROFILES: { svg: true, svgFilters: true },
  });
}

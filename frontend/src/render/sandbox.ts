// Outputs that need script (JavaScript outputs, HTML that carries <script>)
// run in an iframe sandboxed without `allow-same-origin`: its origin is opaque,
// so it can reach neither the app's DOM nor its storage, and it cannot
// navigate the page. It only tells the page its height, so that it is shown
// without a scroll bar of its own.
//
// The height is measured inside the frame, which Chromium neither lays out
// nor renders when one expects: a new frame's own layout may read 0 until the
// page has laid it out (even at its `load` event), and while the frame is
// out of view its rendering is paused, so its ResizeObserver stays silent
// however its content grows. The frame therefore measures (forcing a layout)
// whenever its content may have changed: DOM changes, an image or font
// arriving, `load`, resizes; it skips a reading taken before it was laid out
// and retries; and the page asks it again once it has laid the frame out
// (the frame's `load`, a change of the frame's width).
import { t } from "../i18n";

/** The tallest a sandboxed output grows before it scrolls. */
const MAX_HEIGHT_PX = 4000;
const MIN_HEIGHT_PX = 16;

const RESIZER = `(() => {
  const root = document.documentElement;
  let posted = -1, pending = 0, retries = 0;
  const measure = (always) => {
    pending = 0;
    const box = root.getBoundingClientRect();
    // Not laid out yet: a 0 here is no height. Measure again shortly.
    if (box.width === 0) {
      if (retries < 40) pending = setTimeout(measure, 25 * ++retries, always);
      return;
    }
    const height = Math.ceil(box.height);
    if (height === posted && !always) return;
    posted = height;
    parent.postMessage({ ardoiseFrameHeight: height }, "*");
  };
  const soon = () => { pending ||= setTimeout(measure, 0, false); };
  new ResizeObserver(soon).observe(root);
  new MutationObserver(soon).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  // An image, a video's poster or a stylesheet arriving: their load events do not bubble, but they are captured.
  addEventListener("load", soon, true);
  addEventListener("resize", soon);
  document.fonts?.addEventListener("loadingdone", soon);
  // The page asks once it has laid the frame out.
  addEventListener("message", (event) => {
    if (event.source === parent && event.data?.ardoiseMeasure === true) measure(true);
  });
  // The notebook's script failing is shown where it failed, as its output.
  addEventListener("error", (event) => {
    event.preventDefault();
    const line = document.createElement("pre");
    line.className = "script-error";
    line.textContent = event.message;
    (document.body ?? document.documentElement).append(line);
  });
})();`;

const STYLE = `:root { color-scheme: light dark; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; overflow-wrap: anywhere; }
img, svg, canvas, video { max-width: 100%; }
.script-error { color: light-dark(#b3261e, #ffb4ab); white-space: pre-wrap; margin: 0.25em 0; }`;

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    const data = event.data as { ardoiseFrameHeight?: unknown } | null;
    const height = data && typeof data === "object" ? data.ardoiseFrameHeight : undefined;
    if (typeof height !== "number" || !Number.isFinite(height)) return;
    for (const frame of document.querySelectorAll<HTMLIFrameElement>("iframe.output-sandbox")) {
      if (frame.contentWindow !== event.source) continue;
      frame.style.height = `${Math.min(Math.max(Math.ceil(height), MIN_HEIGHT_PX), MAX_HEIGHT_PX)}px`;
    }
  });
}

/** Asks a frame for its height, now that the page has laid it out. */
function ask(frame: HTMLIFrameElement): void {
  frame.contentWindow?.postMessage({ ardoiseMeasure: true }, "*");
}

// A frame's width decides how its content wraps: a new width (the first one,
// the window resized) calls for a new height. Its own height, which the page
// sets, does not. A frame taken out of the page is let go.
const widths = new WeakMap<Element, number>();
const layout =
  typeof ResizeObserver === "undefined"
    ? null
    : new ResizeObserver((entries, observer) => {
        for (const { target, contentRect } of entries) {
          if (!target.isConnected) {
            observer.unobserve(target);
            widths.delete(target);
          } else if (widths.get(target) !== contentRect.width) {
            widths.set(target, contentRect.width);
            if (contentRect.width > 0) ask(target as HTMLIFrameElement);
          }
        }
      });

/** Text that cannot end the <script> element it is put in. */
function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

function frame(body: string): HTMLIFrameElement {
  listen();
  const iframe = document.createElement("iframe");
  iframe.className = "output-sandbox";
  iframe.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox");
  iframe.title = t("output.sandboxTitle");
  iframe.srcdoc =
    `<!doctype html><html><head><meta charset="utf-8"><base target="_blank">` +
    `<style>${STYLE}</style><script>${RESIZER}</script></head><body>${body}</body></html>`;
  // Loaded means in the page (a frame moved in the page loads again).
  iframe.addEventListener("load", () => {
    ask(iframe);
    layout?.observe(iframe);
  });
  return iframe;
}

/** HTML that carries its own scripts, run apart from the page. */
export function sandboxedHTML(html: string): HTMLIFrameElement {
  return frame(html);
}

/** A JavaScript output, given `element` to draw in as in JupyterLab. */
export function sandboxedJavaScript(code: string): HTMLIFrameElement {
  return frame(
    `<div id="output"></div><script>const element = document.getElementById("output");\n` +
      `${scriptText(code)}</script>`,
  );
}

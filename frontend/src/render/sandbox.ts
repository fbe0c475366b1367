// Outputs that need script (JavaScript outputs, HTML that carries <script>)
// run in an iframe sandboxed without `allow-same-origin`: its origin is opaque,
// so it can reach neither the app's DOM nor its storage, and it cannot
// navigate the page. It only tells the page its height, so that it is shown
// without a scroll bar of its own.
import { t } from "../i18n";

/** The tallest a sandboxed output grows before it scrolls. */
const MAX_HEIGHT_PX = 4000;
const MIN_HEIGHT_PX = 16;

const RESIZER = `(() => {
  const post = () => parent.postMessage(
    { ardoiseFrameHeight: Math.ceil(document.documentElement.getBoundingClientRect().height) }, "*");
  new ResizeObserver(post).observe(document.documentElement);
  addEventListener("load", post);
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

// The notebook page's "Work together" button, and the start of a live session:
// from the button (a new room and secret, a link to give) or from a link that
// was opened. The live layer and y-webrtc load only then, as their own chunks.
import type { YNotebook } from "@jupyter/ydoc";
import { linkFor, markHosted, newLiveLink, type LiveLink } from "../collab/link";
import { t } from "../i18n";
import type { NotebookView } from "../notebook/view";
import type { Site } from "../site";
import { notice } from "../ui/notice";

export interface LiveControlOptions {
  site: Site;
  path: string;
  /** The storage key of this browser's copy of the notebook. */
  key: string;
  notebook: YNotebook;
  view: NotebookView;
  announce(text: string): void;
  /** The live link the page was opened with, if any. */
  link: LiveLink | null;
  /** True when this browser joins a session started elsewhere. */
  joining: boolean;
}

/** Where this site's browsers find each other: the build's settings, else `ardoise serve`'s own path. */
function settings(site: Site): { signaling: string[]; iceServers: RTCIceServer[] } {
  const own = new URL("_live/signal", site.base);
  own.protocol = own.protocol === "https:" ? "wss:" : "ws:";
  return { signaling: site.manifest.live?.signaling ?? [own.href], iceServers: site.manifest.live?.iceServers ?? [] };
}

/**
 * True when this site has no signaling server: none named by the build, and the
 * host answers the usual path with something other than `ardoise serve`'s 426
 * ("use a websocket"). A network error says nothing (offline): the session starts.
 */
async function noSignaling(site: Site): Promise<boolean> {
  if (site.manifest.live?.signaling?.length) return false;
  try {
    const response = await fetch(new URL("_live/signal", site.base), { cache: "no-store" });
    return response.status !== 426;
  } catch {
    return false;
  }
}

export function liveControl(options: LiveControlOptions): { button: HTMLButtonElement; element: HTMLElement } {
  const element = document.createElement("div");
  element.className = "live-host";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "live-start";
  button.textContent = t("live.start");
  button.title = t("live.start.title");
  let started = false;

  const start = async (room: string, secret: string): Promise<boolean> => {
    if (await noSignaling(options.site)) {
      element.replaceChildren(notice(t("live.noSignaling"), "warning"));
      return false;
    }
    try {
      const [{ startLive, userName }, { webrtcProvider }] = await Promise.all([import("../collab"), import("../collab/webrtc")]);
      const name = await userName();
      if (!name) return false;
      const provider = webrtcProvider(options.notebook.ydoc, room, secret, settings(options.site));
      const link = linkFor(new URL(location.href), room, secret);
      const session = startLive({ provider, view: options.view, name, announce: options.announce, link });
      element.replaceChildren(session.element);
      if (options.joining) waitForCells(options, element);
      started = true;
      button.hidden = true;
      return true;
    } catch (error) {
      element.replaceChildren(notice(t("live.unavailable", { detail: String(error) }), "warning"));
      return false;
    }
  };

  button.addEventListener("click", () => {
    if (started) return;
    const { room, secret } = newLiveLink();
    void start(room, secret).then((ok) => {
      if (!ok) return;
      markHosted(room, options.key);
      history.replaceState(history.state, "", linkFor(new URL(location.href), room, secret));
      element.querySelector<HTMLInputElement>(".live-link-field")?.focus();
    });
  });

  const { link } = options;
  if (link && (!link.room || !link.secret)) element.replaceChildren(notice(t("live.badLink"), "warning"));
  else if (link?.secret) void start(link.room, link.secret);
  return { button, element };
}

/** Someone joining sees an empty notebook until the others' cells arrive: say so meanwhile. */
function waitForCells({ notebook }: LiveControlOptions, element: HTMLElement): void {
  if (notebook.cells.length) return;
  const waiting = notice(t("live.waiting"), "info");
  element.prepend(waiting);
  const done = () => {
    if (!notebook.cells.length) return;
    waiting.remove();
    notebook.changed.disconnect(done);
  };
  notebook.changed.connect(done);
}

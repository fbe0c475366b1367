// A live session on the notebook page, whatever the provider: the local user's
// awareness (name, colour, cell), the others' carets in the editors, who is
// here, and the connection's state. The provider syncs the document itself.
import { setEditorAwareness } from "../editor/setup";
import { t } from "../i18n";
import type { NotebookView } from "../notebook/view";
import { Presence } from "./presence";
import type { LiveProvider, LiveState } from "./provider";
import { connectionStatus } from "./status";
import { colourToAvoid, liveUser } from "./user";

export interface LiveOptions {
  provider: LiveProvider;
  view: NotebookView;
  name: string;
  announce(text: string): void;
  /** The link that lets others join, shown with a copy button; none for sessions joined by other means. */
  link?: URL;
}

export interface LiveSession {
  /** The session's panel: the connection's state, the link, who is here. */
  readonly element: HTMLElement;
  destroy(): void;
}

/** The colours of the others here, by client id. */
function othersColours(awareness: LiveProvider["awareness"]): Map<number, string> {
  const colours = new Map<number, string>();
  for (const [id, other] of awareness.getStates() as Map<number, LiveState>) {
    if (id !== awareness.clientID && other.user) colours.set(id, other.user.color);
  }
  return colours;
}

/**
 * Announcements that come close together (someone joined as the connection
 * returned…) are said together: a later one would otherwise replace an earlier
 * one in the live region before a screen reader said it.
 */
export function joiningAnnouncer(announce: (text: string) => void, windowMs = 3000, keep = 4): (text: string) => void {
  let said: string[] = [];
  let at = 0;
  return (text: string) => {
    const now = Date.now();
    said = now - at < windowMs ? [...said, text].slice(-keep) : [text];
    at = now;
    announce(said.join(" "));
  };
}

export function startLive({ provider, view, name, announce: say, link }: LiveOptions): LiveSession {
  const { awareness } = provider;
  const announce = joiningAnnouncer(say);
  let user = liveUser(name, awareness.clientID, new Set(othersColours(awareness).values()));
  const state: LiveState = { user, cell: view.activeCell?.model.id ?? null };
  // A provider may drop this browser's state when it disconnects: it is set again on return.
  const publish = () => awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), ...state });
  publish();
  // Colours follow client ids, so two people may get the same one: one of them changes.
  const recolour = () => {
    const colour = colourToAvoid(awareness.clientID, user.color, othersColours(awareness));
    if (!colour) return;
    // A new record (not changed in place), so that the awareness sees a change.
    user = { ...user, color: colour, colorLight: `${colour}33` };
    state.user = user;
    publish();
  };
  awareness.on("change", recolour);
  recolour();
  view.onActiveChange((cell) => {
    state.cell = cell.model.id;
    publish();
  });
  setEditorAwareness(awareness, view.element);

  const presence = new Presence(awareness, view.element, announce);
  view.notebook.changed.connect((_, change) => {
    if (change.cellsChange) requestAnimationFrame(presence.update);
  });
  const status = connectionStatus(provider, announce);
  const stopRepublish = provider.onStatus((now) => {
    if (now !== "offline" && awareness.getLocalState() === null) publish();
  });

  const element = document.createElement("section");
  element.className = "live-panel";
  element.setAttribute("aria-label", t("live.panel"));
  element.append(status.element);
  if (link) element.append(shareLink(link, announce));
  element.append(presence.element);
  return {
    element,
    destroy() {
      awareness.off("change", recolour);
      stopRepublish();
      status.stop();
      presence.destroy();
      setEditorAwareness(null, view.element);
      provider.destroy();
      element.remove();
    },
  };
}

function shareLink(link: URL, announce: (text: string) => void): HTMLElement {
  const box = document.createElement("div");
  box.className = "live-link";
  const id = "live-link-field";
  const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: t("live.link") });
  const field = Object.assign(document.createElement("input"), { id, type: "text", readOnly: true, value: link.href });
  field.className = "live-link-field";
  field.addEventListener("focus", () => field.select());
  const copy = Object.assign(document.createElement("button"), { type: "button", textContent: t("live.copy") });
  copy.addEventListener("click", () => {
    field.select();
    navigator.clipboard.writeText(link.href).then(
      () => announce(t("live.copied")),
      () => announce(t("live.copyFailed")),
    );
  });
  const hint = Object.assign(document.createElement("p"), { className: "live-hint", textContent: t("live.linkHint") });
  box.append(label, field, copy, hint);
  return box;
}

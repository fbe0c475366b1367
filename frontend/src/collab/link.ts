// The link of a live session: `notebook.html?path=P&live=ROOM#secret=S`. The room
// names the session for the signaling server; the secret, in the fragment, never
// reaches a server: y-webrtc encrypts signaling with it. Kept out of the lazily
// loaded live layer: the notebook page reads it before anything else.

export interface LiveLink {
  room: string;
  /** null when the link was cut short (the fragment lost). */
  secret: string | null;
}

const ROOM = /^[A-Za-z0-9_-]{8,64}$/;
const HOSTED_PREFIX = "ardoise:live:host:";

export function liveLinkOf(url: URL): LiveLink | null {
  const room = url.searchParams.get("live");
  if (room === null) return null;
  const secret = new URLSearchParams(url.hash.slice(1)).get("secret");
  return { room: ROOM.test(room) ? room : "", secret: secret || null };
}

function randomToken(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A new room (96 random bits) and secret (192 random bits). */
export function newLiveLink(): { room: string; secret: string } {
  return { room: randomToken(12), secret: randomToken(24) };
}

/** The link to give: this page's notebook, the room, and the secret in the fragment. */
export function linkFor(page: URL, room: string, secret: string): URL {
  const url = new URL(page.href);
  url.searchParams.set("live", room);
  url.hash = new URLSearchParams({ secret }).toString();
  return url;
}

/**
 * The browser that starts a session shares its own copy of the notebook; a browser
 * that joins starts empty and receives the document (two copies loaded apart would
 * each bring their own cells). This remembers which rooms were started here.
 */
export function markHosted(room: string, storageKey: string): void {
  try {
    localStorage.setItem(HOSTED_PREFIX + room, storageKey);
  } catch {
    // storage blocked: on reload this browser joins its own room like anyone else
  }
}

export function hostedKey(room: string): string | null {
  try {
    return localStorage.getItem(HOSTED_PREFIX + room);
  } catch {
    return null;
  }
}

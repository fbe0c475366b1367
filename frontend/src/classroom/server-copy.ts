// A student's copy kept on the classroom server: the notebook is saved in this
// browser first (storage/local.ts), then pushed with `PUT /api/copies/{id}`
// and the last version the server acknowledged, a moment after the last
// change. A failed push is retried; a stale version (409) is never overwritten
// without the student's choice. What was acknowledged, and whether changes
// are waiting, is kept in localStorage so that a reload, a crash or another
// tab of this browser carries on from there.
import type * as nbformat from "@jupyterlab/nbformat";
import type { YNotebook } from "@jupyter/ydoc";
import * as Y from "yjs";
import { exportNotebook } from "../notebook/model";
import type { Review } from "./review";

/** The copy as `GET /api/copies/{id}` gives it. */
export interface ServerCopy {
  id: number;
  activity_id: number;
  title: string;
  version: number;
  status: string;
  notebook: nbformat.INotebookContent;
  submitted_version: number | null;
  read_only: boolean;
  /** Who is looking: the copy's student, or the activity's teacher (read-only). */
  viewer: "student" | "teacher";
  /** Which version `notebook` is: as last saved, or as handed in. */
  showing: CopyVersion;
  /** The student's name (for the teacher's heading). */
  student: string;
  /** The signed-in user's display name (their name in a live copy). */
  viewer_name?: string;
  /** The signed-in user's id: each user's unsent work is kept apart in this browser. */
  viewer_id?: number;
  /** Why nobody may change the copy now (its room is read-only for all), or null. */
  locked?: "closed" | "handed_in" | null;
  /** Comments and grade: for the teacher always, for the student once returned. */
  review: Review | null;
  /** Why it is read-only: the activity closed, or handed in and locked until returned. */
  read_only_reason?: ReadOnlyReason | null;
  /** Whether the student may keep changing the copy once handed in. */
  keep_working?: boolean;
  /** Whether the student lets their teacher show this copy to the class. */
  shown_to_class?: boolean;
}

export type CopyVersion = "latest" | "submitted";

export type ReadOnlyReason = "teacher" | "closed" | "handed_in" | "version_handed_in";

/**
 * - `saved`: the server has every change;
 * - `saving`: changes are waiting or being sent;
 * - `offline`: the server cannot be reached; changes are kept here and sent later;
 * - `failed`: the server refused the save (`detail` says why); tried again later;
 * - `conflict`: the copy was saved elsewhere since; the student chooses;
 * - `readOnly`: the activity is closed, or the copy is handed in and the activity keeps
 *   it unchanged until the teacher returns it (`readOnlyReason`): nothing is sent.
 */
export type SaveState = "saved" | "saving" | "offline" | "failed" | "conflict" | "readOnly" | "signedOut";

/** After the last change, how long before the copy is sent. */
export const DEBOUNCE_MS = 1500;
/** First wait before sending again after a failure; doubled up to RETRY_MAX_MS. */
const RETRY_MS = 3000;
const RETRY_MAX_MS = 30_000;

interface Kept {
  /** The version the server last acknowledged (what the next save is based on). */
  version: number;
  /** True while this browser holds changes the server has not acknowledged. */
  dirty: boolean;
}

export function copyURL(id: string): string {
  return `/api/copies/${encodeURIComponent(id)}`;
}

/** The server's answer's `detail`, or its HTTP status. */
async function detailOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${response.status}`;
}

export class CopyLoadError extends Error {
  /** The HTTP status, or 0 when the server could not be reached. */
  constructor(
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** What the page's save state needs from the copy's live room (collab/websocket.ts). */
export interface Room {
  readonly status: "connected" | "connecting" | "offline";
  onStatus(listener: (status: "connected" | "connecting" | "offline") => void): () => void;
  onSaved(listener: (save: { version: number; saved: Map<number, number> }) => void): void;
  /** Why the room refuses this browser (401 signed out, 403/404 not theirs), or null. */
  readonly refused: number | null;
  onRefused(listener: (status: number | null) => void): void;
  /** Why the copy is locked (null: it is not), as the room tells it when it changes. */
  onLocked?(listener: (lock: "closed" | "handed_in" | null) => void): void;
}

/** True when every clock of `vector` is at most the saved one. */
export function covered(vector: Map<number, number>, saved: Map<number, number>): boolean {
  for (const [client, clock] of vector) if (clock > (saved.get(client) ?? 0)) return false;
  return true;
}

/** How long a hand-in waits for the room to save what this browser typed. */
const LIVE_FLUSH_MS = 8000;

export async function fetchCopy(id: string, version: CopyVersion = "latest"): Promise<ServerCopy> {
  const query = version === "latest" ? "" : `?view=${version}`;
  const response = await fetch(copyURL(id) + query, { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new CopyLoadError(await detailOf(response), response.status);
  return (await response.json()) as ServerCopy;
}

export class CopySync {
  state: SaveState = "saved";
  detail = "";
  /** The version the server holds, when a save was refused as stale. */
  serverVersion = 0;
  /** Why nothing is sent, in the `readOnly` state. */
  readOnlyReason: ReadOnlyReason = "closed";
  private readonly key: string;
  private timer = 0;
  private retryDelay = RETRY_MS;
  private changes = 0;
  private sending: Promise<void> | null = null;
  private readonly listeners = new Set<(state: SaveState) => void>();
  /** True while the model is being replaced by the server's copy (not a change to send). */
  private replacing = false;
  /** The live room that saves the copy, once the page edits through it (no PUT then). */
  private room: Room | null = null;
  /** The document's state vector at this browser's last change not yet saved by the room. */
  private pending: Map<number, number> | null = null;
  private disposed = false;

  constructor(
    readonly id: string,
    private readonly notebook: YNotebook,
    readOnly: boolean,
    reason?: ReadOnlyReason | null,
    /** Where what was acknowledged is remembered: one key per copy and user (classroom/live-copy.ts). */
    key = `ardoise:classroom-copy:${id}`,
  ) {
    this.key = key;
    if (readOnly) this.state = "readOnly";
    if (reason) this.readOnlyReason = reason;
    notebook.ydoc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (this.replacing) return;
      if (this.room) {
        // What the room sends is the others' (saved by the room, not by this browser).
        if (transaction.local) this.typed();
        return;
      }
      this.changes++;
      this.keep({ ...this.kept(), dirty: true });
      this.schedule(DEBOUNCE_MS);
    });
    addEventListener("online", this.onOnline);
    addEventListener("focus", this.onFocus);
  }

  private readonly onOnline = () => this.schedule(0);
  // Back from signing in again in another tab: send at once rather than at the next retry.
  private readonly onFocus = () => {
    if (this.state === "signedOut") this.schedule(0);
  };

  /** Sends nothing more, ever (a sync used once, to send what a stored document held). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = 0;
    this.disposed = true;
    removeEventListener("online", this.onOnline);
    removeEventListener("focus", this.onFocus);
  }

  /** What this browser remembers of the copy, or null on a first visit. */
  remembered(): Kept | null {
    try {
      const text = localStorage.getItem(this.key);
      return text ? (JSON.parse(text) as Kept) : null;
    } catch {
      return null;
    }
  }

  private kept(): Kept {
    return this.remembered() ?? { version: 0, dirty: false };
  }

  private keep(kept: Kept): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(kept));
    } catch {
      // localStorage refused: this page still knows; a reload starts from the server's version
    }
  }

  /** Runs `move`, a change of the document that is not the user's (nothing to send). */
  replace(move: () => void): void {
    this.replacing = true;
    try {
      move();
    } finally {
      this.replacing = false;
    }
  }

  /** Replaces the notebook with the server's copy, now the base of the next save. */
  adopt(copy: ServerCopy, load: (content: nbformat.INotebookContent) => void): void {
    this.replacing = true;
    try {
      load(copy.notebook);
    } finally {
      this.replacing = false;
    }
    this.keep({ version: copy.version, dirty: false });
    if (this.state !== "readOnly") this.set("saved");
  }

  /**
   * From now on the room saves the copy: this browser's changes are saved once
   * a save message's state vector covers the document as it was at the change.
   */
  goLive(room: Room, base?: number): void {
    clearTimeout(this.timer);
    this.timer = 0;
    this.room = room;
    // A teacher's page that waited for the room edits again.
    if (this.state === "readOnly" && this.readOnlyReason === "teacher") this.set("saved");
    // A document fresh from the room holds the server's latest version, nothing more.
    if (base !== undefined) this.keep({ version: Math.max(base, this.kept().version), dirty: false });
    if (this.kept().dirty) this.typed();
    room.onSaved(({ version, saved }) => {
      const dirty = this.pending !== null && !covered(this.pending, saved);
      if (!dirty) this.pending = null;
      this.keep({ version, dirty });
      this.showLive();
    });
    room.onStatus(() => this.showLive());
    room.onRefused(() => this.showLive());
    // Handed in and kept, returned, the activity closed or reopened, while the page is open.
    room.onLocked?.((lock) => (lock ? this.lock(lock) : this.unlock()));
    this.showLive();
  }

  /**
   * The room could not be reached: saved by PUT again, from what this browser
   * holds; a teacher's page, which cannot save by PUT, is read-only meanwhile.
   */
  leaveRoom(teacher = false): void {
    this.room = null;
    this.pending = null;
    if (this.state === "readOnly") return;
    if (teacher) return this.lock("teacher");
    this.set("saved");
    this.resume();
  }

  /** Why the room refuses this browser (HTTP status of the copy's GET), or null. */
  get refused(): number | null {
    return this.room?.refused ?? null;
  }

  get live(): boolean {
    return this.room !== null;
  }

  private typed(): void {
    this.pending = Y.decodeStateVector(Y.encodeStateVector(this.notebook.ydoc));
    this.keep({ ...this.kept(), dirty: true });
    this.showLive();
  }

  private showLive(): void {
    if (!this.room || this.state === "readOnly") return;
    // The session ended (the copy's GET says 401): kept here, sent once signed in again.
    if (this.room.refused === 401) return this.set("signedOut");
    if (this.room.refused !== null) {
      this.detail = `HTTP ${this.room.refused}`;
      return this.set("failed");
    }
    if (!this.pending) return this.set("saved");
    this.set(this.room.status === "connected" ? "saving" : "offline");
  }

  /** Carries on from what this browser holds: sends it if the server lacks it. */
  resume(): void {
    if (this.kept().dirty) this.schedule(0);
  }

  /** Keeps this browser's version: saved as the next version after the server's. */
  keepMine(): void {
    this.keep({ version: this.serverVersion, dirty: true });
    this.set("saving");
    this.schedule(0);
  }

  /** Stops sending, as the server now refuses changes (handed in, or closed). */
  lock(reason: ReadOnlyReason): void {
    clearTimeout(this.timer);
    this.timer = 0;
    this.readOnlyReason = reason;
    this.set("readOnly");
  }

  /** The copy may be changed again (returned, its activity reopened): saving goes on. */
  unlock(): void {
    if (this.state !== "readOnly" || this.readOnlyReason === "teacher") return;
    this.set("saved");
    if (this.room) this.showLive();
    else this.resume();
  }

  onChange(listener: (state: SaveState) => void): void {
    this.listeners.add(listener);
  }

  /** Sends now what is waiting; resolves once the server answered (or could not be reached). */
  async flush(): Promise<void> {
    if (this.room) return this.liveFlush();
    clearTimeout(this.timer);
    this.timer = 0;
    while (this.sending) await this.sending;
    if (this.kept().dirty && this.state !== "conflict" && this.state !== "readOnly") await this.send();
  }

  /** Waits (a while) for the room to save what this browser typed. */
  private liveFlush(): Promise<void> {
    if (this.state !== "saving" && this.state !== "offline") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const check = (state: SaveState) => {
        if (state !== "saving" && state !== "offline") done();
      };
      const timer = setTimeout(done, LIVE_FLUSH_MS);
      this.listeners.add(check);
    });
  }

  /** The version to hand in: what the server acknowledged, once every change is sent. */
  acknowledged(): Kept {
    return this.kept();
  }

  private schedule(delay: number): void {
    if (this.room || this.disposed) return;
    if (this.state === "conflict" || this.state === "readOnly") return;
    if (this.state === "saved" || this.state === "saving") this.set("saving");
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      void this.send();
    }, delay);
  }

  private send(): Promise<void> {
    if (this.sending) {
      // One save at a time: the next one goes once this one is answered.
      this.schedule(DEBOUNCE_MS);
      return this.sending;
    }
    this.sending = this.put().finally(() => (this.sending = null));
    return this.sending;
  }

  private async put(): Promise<void> {
    const base = this.kept();
    if (!base.dirty) return this.set("saved");
    const sent = this.changes;
    const notebook = JSON.parse(exportNotebook(this.notebook)) as unknown;
    let response: Response;
    let saved: { version: number } | null = null;
    try {
      response = await fetch(copyURL(this.id), {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ version: base.version, notebook }),
      });
      // Read here: the network can go between the answer's headers and its body.
      if (response.ok) saved = (await response.json()) as { version: number };
    } catch (error) {
      this.detail = String(error);
      return this.retry("offline");
    }
    if (response.ok && saved) {
      const { version } = saved;
      this.retryDelay = RETRY_MS;
      // Changes made while this save travelled are still to send.
      const more = this.changes !== sent;
      this.keep({ version, dirty: more });
      if (more) this.schedule(DEBOUNCE_MS);
      else this.set("saved");
      return;
    }
    if (response.status === 409) {
      const body = (await response.json().catch(() => ({}))) as { current_version?: number; detail?: string };
      this.detail = body.detail ?? "";
      this.serverVersion = body.current_version ?? 0;
      return this.set("conflict");
    }
    if (response.status === 403) {
      const body = (await response.json().catch(() => ({}))) as { detail?: string; reason?: string };
      this.detail = body.detail ?? `HTTP ${response.status}`;
      return this.lock(body.reason === "handed_in" ? "handed_in" : "closed");
    }
    this.detail = await detailOf(response);
    // The session ended (signed out elsewhere, expired): kept here, sent once signed in again.
    if (response.status === 401) return this.retry("signedOut");
    // A refused notebook (too large, invalid) is sent again after the next change.
    if (response.status === 413 || response.status === 422) return this.set("failed");
    return this.retry("failed");
  }

  private retry(state: "offline" | "failed" | "signedOut"): void {
    this.set(state);
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      void this.send();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  }

  private set(state: SaveState): void {
    const changed = state !== this.state;
    this.state = state;
    if (changed || state === "failed") for (const listener of this.listeners) listener(state);
  }
}

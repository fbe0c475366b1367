// The notebook page for a student's copy in a classroom (`notebook.html?copy=ID`):
// the same notebook view, the copy loaded from the server, saved in this browser
// and sent back (classroom/server-copy.ts), with its save state and a hand-in button,
// and the copy's own files (a CSV to read from Python…), kept in this browser only.
import type * as nbformat from "@jupyterlab/nbformat";
import { language, t } from "../i18n";
import type { KernelClient } from "../kernel/client";
import { exportNotebook, isEmpty, loadInto } from "../notebook/model";
import { notebookBars, pageActions } from "../notebook/page-actions";
import { NotebookView } from "../notebook/view";
import { confirmDialog } from "../ui/dialog";
import { storageNotice } from "../ui/storage-notice";
import { downloadBlob } from "../ui/download";
import { openLocalCopy } from "../storage/local";
import type { FileStore } from "../storage/files";
import type { Site } from "../site";
import { copyFilesBase } from "../storage/overlay-store";
import { sidePanel } from "../files/side-panel";
import { syncFilesWithKernel } from "../files/sync";
import { problemText } from "../files/problems";
import { attachComments, reviewBanner } from "../classroom/review";
import { copyDocument, copyKey, joinRoom, leftRoom, markOfRoom, moveIntoRoom, ofRoom, rejoin, retryRoom, roomUnreachable } from "../classroom/live-copy";
import type { RoomProvider } from "../collab/websocket";
import type { LiveClosure } from "../collab/provider";
import { projectionConsent } from "../classroom/projection-consent";
import { CopyLoadError, CopySync, copyURL, fetchCopy, type SaveState, type ServerCopy } from "../classroom/server-copy";
import { notice } from "../ui/notice";

function button(text: string, run: () => void): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.addEventListener("click", run);
  return element;
}

/** The title is remembered so that the copy opens with its name offline too. */
function rememberedTitle(id: string, title?: string): string {
  const key = `ardoise:classroom-title:${id}`;
  try {
    if (title) localStorage.setItem(key, title);
    return localStorage.getItem(key) ?? title ?? "";
  } catch {
    return title ?? "";
  }
}

/** What a teacher's join says when the room keeps them out (a full room or server), else that it cannot be reached. */
function joinUnavailable(closure: LiveClosure | null): string {
  if (closure === "roomFull") return t("copy.join.roomFull");
  if (closure === "serverFull") return t("copy.join.serverFull");
  return t("copy.join.unavailable");
}

function stateText(sync: CopySync, state: SaveState, teacher: boolean, closure: LiveClosure | null): string {
  switch (state) {
    case "saved":
      return t("copy.state.saved");
    case "saving":
      return t("copy.state.saving");
    case "offline":
      return t("copy.state.offline");
    case "failed":
      // The room refuses a teacher who joined: the copy was deleted, or the activity is no longer theirs.
      if (sync.refused === 403 || sync.refused === 404) return t("copy.join.gone");
      return t("copy.state.failed", { detail: sync.detail });
    case "conflict":
      return t("copy.state.conflict");
    case "readOnly":
      if (sync.readOnlyReason === "teacher") return joinUnavailable(closure);
      // Locked while a teacher is in the room: the note of a locked copy they open (pages/copy-view.ts).
      if (teacher) return t(sync.readOnlyReason === "handed_in" ? "copyView.locked.handedIn" : "copyView.locked.closed");
      return sync.readOnlyReason === "handed_in" ? t("copy.state.handedIn") : t("copy.state.readOnly");
    case "signedOut":
      return t("copy.state.signedOut");
  }
}

/** The copy's files beside the notebook, and Python's files kept in step with them. */
function copyFiles(main: HTMLElement, site: Site, id: string, kernel: KernelClient, store: FileStore) {
  const problems = document.createElement("div");
  const panel = sidePanel(main, {
    store,
    base: copyFilesBase(site, id),
    folder: "",
    rootName: t("copy.files.root"),
    notebookPages: false,
    note: t("copy.files.note"),
  });
  syncFilesWithKernel(store, kernel, (error, ops) => {
    const what = ops.write[0]?.path ?? ops.remove[0] ?? ops.mkdir[0] ?? "";
    problems.append(notice(t("files.pythonNotKept", { problem: problemText(error, what) })));
  });
  return { toggle: panel.toggle, problems };
}

export async function showCopy(main: HTMLElement, site: Site, id: string, kernel: KernelClient, store: FileStore): Promise<void> {
  const back = document.createElement("a");
  back.href = `/copies/${encodeURIComponent(id)}`;
  back.className = "back-link";
  back.textContent = t("copy.back");

  let server: ServerCopy | null = null;
  let problem = "";
  let status = 0;
  try {
    server = await fetchCopy(id);
  } catch (error) {
    problem = error instanceof CopyLoadError ? error.message : String(error);
    status = error instanceof CopyLoadError ? error.status : 0;
  }
  // A teacher opens a student's copy read-only (pages/copy-view.ts), or joins it
  // (`&join=live`): edits it with the student through the copy's live room.
  const joining = new URLSearchParams(location.search).get("join") === "live";
  const teacher = server?.viewer === "teacher";
  if (joining && !server && status) {
    // A teacher's join that the server refuses: what failed and what to do.
    back.href = "/teacher";
    back.textContent = t("copy.join.back");
    main.replaceChildren(back, notice(t(status === 401 ? "copy.join.signedOut" : status === 404 || status === 403 ? "copy.join.gone" : "copy.join.unavailable")));
    return;
  }
  if (teacher) back.href = `/teacher/copies/${encodeURIComponent(id)}`;
  if (teacher && new URLSearchParams(location.search).get("join") === "view") {
    // Shown to the class, read-only, with the student's consent (classroom/projection.ts).
    const { showProjection } = await import("../classroom/projection");
    await showProjection(main, id);
    return;
  }
  // A locked copy's room lets nobody write: the teacher sees it read-only, and why (pages/copy-view.ts).
  const showReadOnly = () => {
    const url = new URL(location.href);
    url.searchParams.set("view", "latest");
    location.replace(url);
  };
  if (teacher && (!joining || server?.locked)) {
    showReadOnly();
    return;
  }
  const key = copyKey(id, teacher, server?.viewer_id);
  const { notebook, room: fresh, closure } = await copyDocument(server, key);
  // Why the room kept this page out when it could not join, for a teacher's page that then waits.
  let keptOut = closure ?? null;
  const local = await openLocalCopy(key, notebook.ydoc);
  // The teacher's writes go through the room, which lets them in (PUT would refuse them).
  const sync = new CopySync(id, notebook, teacher ? false : (server?.read_only ?? false), server?.read_only_reason, key);
  const kept = sync.remembered();
  const load = (content: nbformat.INotebookContent) => loadInto(notebook, content);
  const held = local.existed && !isEmpty(notebook) && kept !== null;
  let room = fresh;
  let livePanel: HTMLElement | null = null;
  // Set once the page is drawn: shows who is here when the page edits through a room.
  let showLivePanel: ((room: RoomProvider) => Promise<void>) | null = null;
  // Set once the page is drawn: runs a change that draws the cells again, keeping the focus and caret where they were.
  let keepPlace: ((change: () => void) => void) | null = null;
  // Set once the page is drawn: tells the student when their copy is shown to the class.
  let followProjection: ((room: RoomProvider) => void) | null = null;
  const enter = (reached: RoomProvider) => {
    room = reached;
    sync.goLive(reached);
    void showLivePanel?.(reached);
    followProjection?.(reached);
  };
  // While the page saves by PUT, the room is tried in the background: a document
  // of the room connects again; any other moves into the room once all is sent.
  // The version saved when a document of the room left it: it goes back only if nothing was saved by PUT since.
  let leftAt = -1;
  const tryRoom = (first = roomUnreachable(id) ? undefined : 0) =>
    retryRoom(async () => {
      let reached: RoomProvider | null = null;
      if (ofRoom(key)) reached = await rejoin(notebook, id);
      else if (!leftRoom(key)) reached = await moveIntoRoom(sync, notebook, id, key, (move) => sync.replace(() => (keepPlace ? keepPlace(move) : move())));
      else if (sync.acknowledged().version !== leftAt || sync.acknowledged().dirty) return true; // the next visit moves in
      else if ((reached = await rejoin(notebook, id))) markOfRoom(key);
      if (reached) enter(reached);
      return reached !== null;
    }, first);
  // A student's document of the room that saves by PUT is no longer the room's (see leftRoom).
  const leave = () => {
    if (teacher) return;
    markOfRoom(key, "put");
    leftAt = sync.acknowledged().version;
  };
  const unreachable = (closure: LiveClosure | null = null) => {
    keptOut = closure;
    leave();
    sync.leaveRoom(teacher);
    livePanel?.remove();
    livePanel = null;
    tryRoom();
  };
  if (room && server) {
    // The document is the room's, just arrived: its base is the server's latest version.
    sync.goLive(room, server.version);
  } else if (server && ofRoom(key)) {
    // This browser's document is of the room: what it holds merges with the room's.
    room = await joinRoom(notebook, id, key, unreachable);
    if (room) sync.goLive(room);
    else if (teacher) unreachable();
    else {
      // The room did not answer lately: not waited for, tried again meanwhile.
      leave();
      sync.resume();
      tryRoom();
    }
  } else if (teacher) {
    main.replaceChildren(back, notice(joinUnavailable(keptOut)));
    return;
  } else if (server) {
    // This browser's version wins only when it holds changes the server lacks;
    // if the server moved on meanwhile, the save is refused and the student chooses.
    if (!held || (!kept.dirty && kept.version !== server.version)) sync.adopt(server, load);
    else sync.resume();
    // Edited at once (saved by PUT), and moved into the room as soon as it answers
    // (tried at once: in the background, it keeps nobody waiting).
    if (!server.read_only) tryRoom(0);
  } else if (held) {
    sync.resume();
  } else {
    main.replaceChildren(back, notice(t("copy.loadError", { detail: problem })));
    return;
  }

  const title = rememberedTitle(id, server?.title);
  const heading = document.createElement("h1");
  heading.className = "notebook-name";
  heading.textContent = title || t("copy.untitled");
  document.title = `${heading.textContent} · Ardoise`;

  const view = new NotebookView(notebook, kernel, new URL("contents/", location.href));
  const announcer = document.createElement("p");
  announcer.className = "announcer";
  announcer.setAttribute("role", "status");
  const announce = (text: string) => {
    announcer.textContent = text;
  };
  view.announce = announce;
  keepPlace = (change) => view.keepingPlace(change);

  // The save state: visible, and said when it changes (not at each keystroke).
  const saveState = document.createElement("p");
  saveState.className = "copy-save-state";
  saveState.setAttribute("role", "status");
  const conflict = document.createElement("div");
  conflict.className = "notice notice-warning copy-conflict";
  conflict.hidden = true;
  const conflictText = document.createElement("p");
  conflictText.textContent = t("copy.conflict");
  const loadServer = async () => {
    if (!(await confirmDialog(t("copy.loadServer.title"), t("copy.loadServer.message"), t("copy.loadServer")))) return;
    try {
      sync.adopt(await fetchCopy(id), load);
      conflict.hidden = true;
      announce(t("copy.loadedServer"));
    } catch (error) {
      announce(t("copy.loadError", { detail: error instanceof Error ? error.message : String(error) }));
    }
  };
  conflict.append(
    conflictText,
    button(t("copy.loadServer"), () => void loadServer()),
    button(t("copy.keepMine"), () => {
      conflict.hidden = true;
      sync.keepMine();
    }),
  );
  // Signing in again happens in another tab, so that this one keeps its work.
  const signIn = document.createElement("a");
  signIn.className = "copy-sign-in";
  signIn.href = `/signin?next=${encodeURIComponent(teacher ? `/teacher/copies/${id}` : `/copies/${id}`)}`;
  signIn.target = "_blank";
  signIn.rel = "noopener";
  signIn.textContent = t("copy.signIn");
  signIn.hidden = true;
  const showState = (state: SaveState) => {
    // Locked while the teacher is in it (handed in, the activity closed): the room takes
    // no more writes, so the teacher goes to the read-only view, which says why.
    if (teacher && state === "readOnly" && sync.readOnlyReason !== "teacher") return showReadOnly();
    signIn.hidden = state !== "signedOut";
    saveState.textContent = stateText(sync, state, teacher, keptOut);
    saveState.dataset.state = state;
    conflict.hidden = state !== "conflict";
    handIn.hidden = teacher || state === "readOnly";
  };

  const handResult = document.createElement("p");
  handResult.className = "copy-hand-in-result";
  handResult.setAttribute("role", "status");
  const handIn = button(t("copy.handIn"), () => void submit());
  handIn.className = "copy-hand-in";
  const submit = async () => {
    handIn.disabled = true;
    try {
      await sync.flush();
      if (sync.state !== "saved") {
        handResult.textContent = t("copy.handIn.notSaved");
        return;
      }
      const response = await fetch(`${copyURL(id)}/submit`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ version: sync.acknowledged().version }),
      });
      const body = (await response.json().catch(() => ({}))) as Partial<ServerCopy> & { detail?: string };
      // Handed in, and the activity keeps it unchanged until the teacher returns it.
      if (response.ok && body.read_only && body.read_only_reason) sync.lock(body.read_only_reason);
      handResult.textContent = response.ok
        ? t("copy.handedIn", { time: new Date().toLocaleTimeString(language()) })
        : t("copy.handIn.failed", { detail: body.detail ?? `HTTP ${response.status}` });
    } catch (error) {
      handResult.textContent = t("copy.handIn.failed", { detail: String(error) });
    } finally {
      handIn.disabled = false;
    }
  };
  sync.onChange(showState);
  showState(sync.state);

  const download = () =>
    downloadBlob(`${title || "notebook"}.ipynb`, new Blob([exportNotebook(notebook)], { type: "application/x-ipynb+json" }));
  const actions = pageActions(kernel, view, announce, { download, save: () => void sync.flush() });
  const { toc, toolbar, death } = notebookBars(kernel, view, actions, announce);

  const files = copyFiles(main, site, id, kernel, store);
  const top = document.createElement("div");
  top.className = "notebook-top";
  top.append(back, files.toggle);
  const bar = document.createElement("div");
  bar.className = "copy-bar";
  bar.append(saveState, signIn, handIn, handResult);
  // The student decides whether their teacher may show this copy to the class.
  const consent = server && !teacher ? projectionConsent(id, server.shown_to_class ?? false, announce) : null;
  if (consent) bar.append(consent.element);
  if (consent && room) consent.follow(room);
  if (consent) followProjection = consent.follow;
  const body = document.createElement("div");
  body.className = "notebook-body";
  body.append(toc.element, view.element);
  const review = server?.review ? reviewBanner(server.review, false) : null;
  const viewerName = server?.viewer_name ?? server?.student ?? "";
  showLivePanel = async (provider: RoomProvider) => {
    // Who else is here (the teacher who joined), their carets, and the connection's state.
    const { startLive } = await import("../collab");
    livePanel?.remove();
    livePanel = startLive({ provider, view, name: viewerName, announce }).element;
    bar.append(livePanel);
  };
  if (room && server) await showLivePanel(room);
  main.replaceChildren(top, heading, bar, ...(review ? [review.element] : []), conflict, toolbar, death, storageNotice(local, download), files.problems, announcer, body);
  if (server?.review && review) {
    // Comments follow their cell as the student moves, adds or deletes cells.
    const comments = server.review.comments;
    const place = () => review.update(attachComments(comments, view.cells.map((cell) => ({ element: cell.element, id: cell.model.id }))));
    notebook.changed.connect((_, change) => {
      if (change.cellsChange) place();
    });
    place();
  }
  const skip = document.querySelector<HTMLAnchorElement>(".skip-link");
  if (skip) {
    skip.textContent = t("nb.skip");
    skip.addEventListener("click", (event) => {
      event.preventDefault();
      view.select(view.activeIndex);
    });
  }
  view.select(0);
}

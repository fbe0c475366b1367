// The page's side of the service worker (sw/main.ts): registers it once the page
// has loaded, reloads once when only the worker can make the page cross-origin
// isolated, and handles new builds without ever mixing two of them in a page.
// Pages opened from file://, or where service workers are unavailable, keep
// working as before: online, and Stop restarts Python.
import type { ToServiceWorker, WindowCount } from "../sw/messages";
import { prepareUpdateNotice, showUpdateNotice } from "./notice";

/** Set for this tab before the isolation reload, so that it happens once at most. */
const ISOLATION_RELOAD = "ardoise:isolation-reload";
const ASK_TIMEOUT_MS = 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;

/** The longest a first visit's worker waits for the page's Python to start. */
const KERNEL_WAIT_MS = 20_000;

/**
 * Registers the service worker once the page has loaded and `afterKernel` has
 * settled (or KERNEL_WAIT_MS passed), unless the page needs the worker for
 * cross-origin isolation: then at once, since the page reloads under it anyway.
 */
export function startOffline(afterKernel: Promise<unknown> = Promise.resolve()): void {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!container || !isSecureContext || !location.protocol.startsWith("http")) return;
  prepareUpdateNotice();
  // A build already waiting as this page starts was downloaded during an earlier
  // visit; one that finishes installing while this page loads is offered instead.
  const earlier = container
    .getRegistration()
    .then((registration) => registration?.waiting ?? null)
    .catch(() => null);
  // After the load event: the worker's downloads must not compete with the page's first paint.
  const loaded = new Promise<void>((resolve) => {
    if (document.readyState === "complete") resolve();
    else addEventListener("load", () => resolve(), { once: true });
  });
  // A page the worker already controls only asks for news of a build; a first visit
  // downloads the whole site, Python's runtime included, which the kernel is fetching too.
  const kernel = container.controller || !crossOriginIsolated ? Promise.resolve() : afterKernel;
  const waited = new Promise<void>((resolve) => setTimeout(resolve, KERNEL_WAIT_MS));
  void Promise.all([loaded, Promise.race([kernel.catch(() => undefined), waited])]).then(() => register(container, earlier));
}

async function register(container: ServiceWorkerContainer, earlier: Promise<ServiceWorker | null>): Promise<void> {
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await container.register("sw.js");
  } catch (error) {
    console.warn("Ardoise: offline use is not available:", error);
    return;
  }
  if (!registration) return; // browsers (or automation) that block service workers may answer nothing
  const controlled = container.controller !== null;
  // A page never runs under another build's worker: when the worker changes, the page reloads.
  if (controlled) container.addEventListener("controllerchange", () => location.reload(), { once: true });
  if (!controlled) {
    if (!crossOriginIsolated) void reloadWhenIsolationIsPossible(registration);
    return;
  }
  await handleUpdates(registration, container, earlier);
}

/**
 * First visit on a host that sends no isolation headers: once the worker is
 * active, a reload brings the page under it, with the headers. Only once per
 * tab: if the reloaded page is still not isolated, the browser cannot be.
 */
async function reloadWhenIsolationIsPossible(registration: ServiceWorkerRegistration): Promise<void> {
  if (storedFlag(ISOLATION_RELOAD)) return;
  await activeWorker(registration);
  if (!storeFlag(ISOLATION_RELOAD)) return; // no session storage: a reload could loop
  location.reload();
}

async function handleUpdates(
  registration: ServiceWorkerRegistration,
  container: ServiceWorkerContainer,
  earlier: Promise<ServiceWorker | null>,
): Promise<void> {
  const offer = (waiting: ServiceWorker) => showUpdateNotice(() => activate(waiting));
  const watch = (installing: ServiceWorker | null) => {
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed" && registration.waiting === installing) offer(installing);
    });
  };
  // The browser checks for a new build as the page loads, before this runs:
  // its "updatefound" may be past, with the new worker still installing.
  registration.addEventListener("updatefound", () => watch(registration.installing));
  watch(registration.installing);
  keepChecking(registration);
  if (registration.waiting) {
    // A new build was downloaded during an earlier visit. This page has just
    // opened: if no other page uses the old build, switch now.
    const waiting = registration.waiting;
    if (waiting === (await earlier) && (await windowCount(container)) === 1) activate(waiting);
    else offer(waiting);
  }
}

/** A tab left open for days still hears of new builds: checks when it comes back into view, and hourly. */
function keepChecking(registration: ServiceWorkerRegistration): void {
  let last = Date.now();
  const check = () => {
    if (Date.now() - last < CHECK_EVERY_MS / 12) return;
    last = Date.now();
    registration.update().catch(() => undefined); // offline: the next check will do
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
  setInterval(check, CHECK_EVERY_MS);
}

/** Asks the new build's worker to take over; the controllerchange that follows reloads the page. */
function activate(worker: ServiceWorker): void {
  worker.postMessage({ type: "activate" } satisfies ToServiceWorker);
  // Should the worker be gone (a newer build replaced it), a plain reload still moves on.
  setTimeout(() => location.reload(), ASK_TIMEOUT_MS * 5);
}

/** How many windows the active worker serves (this one included); 0 if it does not answer. */
function windowCount(container: ServiceWorkerContainer): Promise<number> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<WindowCount>) => resolve(event.data.count);
    setTimeout(() => resolve(0), ASK_TIMEOUT_MS);
    container.controller?.postMessage({ type: "count-windows" } satisfies ToServiceWorker, [channel.port2]);
  });
}

function activeWorker(registration: ServiceWorkerRegistration): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (registration.active?.state === "activated") resolve();
    };
    const watch = (worker: ServiceWorker | null) => worker?.addEventListener("statechange", check);
    watch(registration.installing);
    watch(registration.waiting);
    watch(registration.active);
    registration.addEventListener("updatefound", () => watch(registration.installing));
    check();
  });
}

function storedFlag(key: string): boolean {
  try {
    return sessionStorage.getItem(key) !== null;
  } catch {
    return true; // storage blocked: behave as if already reloaded, never loop
  }
}

function storeFlag(key: string): boolean {
  try {
    sessionStorage.setItem(key, new Date().toISOString());
    return true;
  } catch {
    return false;
  }
}

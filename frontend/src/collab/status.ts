// The connection's state, shown beside the people and said when it changes; when the
// server keeps this browser out for now (a full room…), why, in a sentence.
import { t } from "../i18n";
import type { LiveClosure, LiveProvider, LiveStatus } from "./provider";

const KEYS = { connected: "live.status.connected", connecting: "live.status.connecting", offline: "live.status.offline" } as const;
const CLOSURES = {
  roomFull: "live.closed.roomFull",
  serverFull: "live.closed.serverFull",
  tooLarge: "live.closed.tooLarge",
  tooFast: "live.closed.tooFast",
  unreachable: "live.closed.unreachable",
} as const;

export function connectionStatus(provider: LiveProvider, announce: (text: string) => void): { element: HTMLElement; stop(): void } {
  const element = document.createElement("p");
  element.className = "live-status";
  // Offline says so whatever closed the connection before.
  const text = (status: LiveStatus, closure: LiveClosure | null) => (closure && status !== "offline" ? t(CLOSURES[closure]) : t(KEYS[status]));
  const show = () => {
    const closure = provider.closure ?? null;
    const now = text(provider.status, closure);
    element.dataset.status = provider.status;
    if (closure) element.dataset.closure = closure;
    else delete element.dataset.closure;
    if (element.textContent === now) return false;
    element.textContent = now;
    return true;
  };
  show();
  const update = () => {
    if (show()) announce(element.textContent ?? "");
  };
  const stopStatus = provider.onStatus(update);
  const stopClosure = provider.onClosure?.(update);
  return {
    element,
    stop() {
      stopStatus();
      stopClosure?.();
    },
  };
}

// The connection's state, shown beside the people and said when it changes.
import { t } from "../i18n";
import type { LiveProvider, LiveStatus } from "./provider";

const KEYS = { connected: "live.status.connected", connecting: "live.status.connecting", offline: "live.status.offline" } as const;

export function connectionStatus(provider: LiveProvider, announce: (text: string) => void): { element: HTMLElement; stop(): void } {
  const element = document.createElement("p");
  element.className = "live-status";
  const show = (status: LiveStatus) => {
    element.dataset.status = status;
    element.textContent = t(KEYS[status]);
  };
  show(provider.status);
  const stop = provider.onStatus((status) => {
    if (element.dataset.status === status) return;
    show(status);
    announce(t(KEYS[status]));
  });
  return { element, stop };
}

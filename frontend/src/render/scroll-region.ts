// An output area taller than most of the screen scrolls inside itself
// (styles.css caps its height). While it does, it joins the tab order, so that
// the keyboard can scroll it; its accessible name is the one its cell gave it.
const MARK = "scrollFocus";
const watched = new WeakSet<HTMLElement>();
const observer =
  typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => updateAll(entries.map((entry) => entry.target as HTMLElement).filter(onScreen)));
const pending = new Set<HTMLElement>();
let frame = 0;

/**
 * Measures every area first, then changes them: one layout for all of them,
 * where measuring and changing each in turn would lay the page out again for
 * every output of a long notebook.
 */
function updateAll(areas: Iterable<HTMLElement>): void {
  const measured = [...areas].map((area) => ({ area, scrolls: area.scrollHeight > area.clientHeight + 1 }));
  for (const { area, scrolls } of measured) {
    const ours = area.dataset[MARK] === "true";
    if (scrolls && !area.hasAttribute("tabindex")) {
      area.tabIndex = 0;
      area.dataset[MARK] = "true";
    } else if (!scrolls && ours) {
      area.removeAttribute("tabindex");
      delete area.dataset[MARK];
    }
  }
}

/**
 * An area that is not displayed (an empty output area, a cell left unrendered
 * by the browser) is left to the ResizeObserver, which sees it when it shows:
 * measuring it now would lay it out for nothing.
 */
function onScreen(area: HTMLElement): boolean {
  return area.isConnected && (typeof area.checkVisibility !== "function" || area.checkVisibility({ contentVisibilityAuto: true }));
}

/** Keeps `area` focusable exactly while it scrolls; call after each change to its content. */
export function watchScrolling(area: HTMLElement): void {
  if (!watched.has(area)) {
    watched.add(area);
    observer?.observe(area);
  }
  pending.add(area);
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    const areas = [...pending].filter(onScreen);
    pending.clear();
    updateAll(areas);
  });
}

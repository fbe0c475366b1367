// An output area taller than most of the screen scrolls inside itself
// (styles.css caps its height). While it does, it joins the tab order, so that
// the keyboard can scroll it; its accessible name is the one its cell gave it.
const MARK = "scrollFocus";
const watched = new WeakSet<HTMLElement>();
const observer =
  typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target as HTMLElement)));

function update(area: HTMLElement): void {
  const scrolls = area.scrollHeight > area.clientHeight + 1;
  const ours = area.dataset[MARK] === "true";
  if (scrolls && !area.hasAttribute("tabindex")) {
    area.tabIndex = 0;
    area.dataset[MARK] = "true";
  } else if (!scrolls && ours) {
    area.removeAttribute("tabindex");
    delete area.dataset[MARK];
  }
}

/** Keeps `area` focusable exactly while it scrolls; call after each change to its content. */
export function watchScrolling(area: HTMLElement): void {
  if (!watched.has(area)) {
    watched.add(area);
    observer?.observe(area);
  }
  requestAnimationFrame(() => update(area));
}

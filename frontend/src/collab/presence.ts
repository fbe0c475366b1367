// Who is here: the list of the people in the live session (each with the cell
// they are in), a marker on each cell where someone else is, and joins and
// leaves said politely through the page's announcer.
import type { Awareness } from "y-protocols/awareness";
import { t } from "../i18n";
import type { LiveState } from "./provider";

interface Person {
  id: number;
  name: string;
  color: string;
  cell: string | null;
  self: boolean;
}

function people(awareness: Awareness): Person[] {
  const list: Person[] = [];
  for (const [id, raw] of awareness.getStates()) {
    const state = raw as LiveState;
    if (!state.user?.name) continue;
    list.push({ id, name: state.user.name, color: state.user.color, cell: state.cell ?? null, self: id === awareness.clientID });
  }
  // You first, then the others in a stable order.
  return list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name) || a.id - b.id);
}

export class Presence {
  readonly element = document.createElement("section");
  private readonly list = document.createElement("ul");
  private known = new Map<number, string>();
  private shown = "";
  private markedCells = -1;

  constructor(
    private readonly awareness: Awareness,
    private readonly cells: HTMLElement,
    private readonly announce: (text: string) => void,
  ) {
    this.element.className = "live-people";
    const heading = document.createElement("h2");
    heading.id = "live-people-heading";
    heading.textContent = t("live.people");
    this.element.setAttribute("aria-labelledby", heading.id);
    this.list.className = "live-people-list";
    this.element.append(heading, this.list);
    awareness.on("change", this.update);
    this.update();
  }

  /** Draws the list and the markers again (also after cells were added or moved). */
  readonly update = (): void => {
    const here = people(this.awareness);
    // Carets move at every keystroke; the list changes only when people or cells do,
    // and is left alone otherwise (a screen reader may be reading it).
    const shown = JSON.stringify(here.map((p) => [p.id, p.name, p.color, this.where(p.cell)]));
    if (shown === this.shown && this.markedCells === this.cells.childElementCount) return;
    this.shown = shown;
    this.markedCells = this.cells.childElementCount;
    this.announceChanges(here);
    this.list.replaceChildren(...here.map((person) => this.item(person)));
    this.mark(here.filter((person) => !person.self));
  };

  destroy(): void {
    this.awareness.off("change", this.update);
    for (const marker of this.cells.querySelectorAll(".cell-presence")) marker.remove();
  }

  private announceChanges(here: Person[]): void {
    const now = new Map(here.filter((p) => !p.self).map((p) => [p.id, p.name]));
    const said: string[] = [];
    for (const [id, name] of now) if (!this.known.has(id)) said.push(t("live.joined", { name }));
    for (const [id, name] of this.known) if (!now.has(id)) said.push(t("live.left", { name }));
    this.known = now;
    if (said.length) this.announce(said.join(" "));
  }

  private where(cell: string | null): number {
    if (!cell) return 0;
    const element = this.cells.querySelector(`.cell[data-cell-id="${CSS.escape(cell)}"]`);
    return element ? Array.prototype.indexOf.call(this.cells.children, element) + 1 : 0;
  }

  private item(person: Person): HTMLElement {
    const item = document.createElement("li");
    item.className = "live-person";
    item.dataset.clientId = String(person.id);
    const swatch = document.createElement("span");
    swatch.className = "live-swatch";
    swatch.style.setProperty("--person", person.color);
    swatch.setAttribute("aria-hidden", "true");
    const n = this.where(person.cell);
    const name = person.self ? t("live.you", { name: person.name }) : person.name;
    const text = document.createElement("span");
    text.textContent = n ? t("live.inCell", { name, n }) : name;
    item.append(swatch, text);
    return item;
  }

  private mark(others: Person[]): void {
    const byCell = new Map<string, Person[]>();
    for (const person of others) if (person.cell) byCell.set(person.cell, [...(byCell.get(person.cell) ?? []), person]);
    for (const cell of this.cells.querySelectorAll<HTMLElement>(".cell")) {
      const present = byCell.get(cell.dataset.cellId ?? "") ?? [];
      let box = cell.querySelector<HTMLElement>(":scope > .cell-presence");
      if (!present.length) {
        box?.remove();
        continue;
      }
      if (!box) {
        box = document.createElement("div");
        box.className = "cell-presence";
        cell.append(box);
      }
      box.replaceChildren(...present.map((person) => marker(person)));
    }
  }
}

/** A person's initial on the cell, in their colour; its text alternative says who is there. */
function marker(person: Person): HTMLElement {
  const mark = document.createElement("span");
  mark.className = "presence-mark";
  mark.style.setProperty("--person", person.color);
  mark.setAttribute("role", "img");
  const label = t("live.hereInCell", { name: person.name });
  mark.setAttribute("aria-label", label);
  mark.title = label;
  mark.textContent = Array.from(person.name.trim())[0]?.toUpperCase() ?? "?";
  return mark;
}

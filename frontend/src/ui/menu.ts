// A disclosure menu: a button that shows a short list of action buttons below
// it. Every item is a native button in Tab order (no roving focus to learn);
// Esc or leaving the menu closes it.

export interface MenuItem {
  label: string;
  run(): void;
}

export function disclosureMenu(label: string, text: string, items: MenuItem[]): HTMLElement {
  const wrapper = document.createElement("div");
  wrapper.className = "menu";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "menu-button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  const list = document.createElement("ul");
  list.id = `menu-${crypto.randomUUID().slice(0, 8)}`;
  list.hidden = true;
  button.setAttribute("aria-controls", list.id);
  const close = (focus: boolean) => {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focus) button.focus();
  };
  for (const { label: itemLabel, run } of items) {
    const li = document.createElement("li");
    const item = Object.assign(document.createElement("button"), { type: "button", textContent: itemLabel });
    item.addEventListener("click", () => {
      close(true);
      run();
    });
    li.append(item);
    list.append(li);
  }
  button.addEventListener("click", () => {
    const open = list.hidden;
    list.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) list.querySelector("button")?.focus();
  });
  wrapper.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !list.hidden) {
      event.stopPropagation();
      close(true);
    }
  });
  wrapper.addEventListener("focusout", (event) => {
    if (!wrapper.contains(event.relatedTarget as Node | null)) close(false);
  });
  wrapper.append(button, list);
  return wrapper;
}

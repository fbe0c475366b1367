// Modal dialogs on the native <dialog> element: it traps focus while open,
// closes on Esc, and we return focus to where it was.
import { t } from "../i18n";

export interface DialogButton<T> {
  label: string;
  value: T;
  primary?: boolean;
}

export function showDialog<T>(title: string, body: Node, buttons: DialogButton<T>[], cancelValue: T): Promise<T> {
  const previous = document.activeElement as HTMLElement | null;
  const dialog = document.createElement("dialog");
  dialog.className = "dialog";
  const heading = document.createElement("h2");
  heading.id = `dialog-${crypto.randomUUID().slice(0, 8)}`;
  heading.textContent = title;
  dialog.setAttribute("aria-labelledby", heading.id);
  const content = document.createElement("div");
  content.className = "dialog-body";
  content.append(body);
  const actions = document.createElement("div");
  actions.className = "dialog-actions";
  document.body.append(dialog);
  return new Promise<T>((resolve) => {
    let result = cancelValue;
    for (const button of buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.label;
      if (button.primary) element.className = "primary";
      element.addEventListener("click", () => {
        result = button.value;
        dialog.close();
      });
      actions.append(element);
    }
    dialog.append(heading, content, actions);
    dialog.addEventListener("close", () => {
      dialog.remove();
      previous?.focus();
      resolve(result);
    });
    dialog.showModal();
    (actions.querySelector<HTMLButtonElement>(".primary") ?? actions.querySelector("button"))?.focus();
  });
}

export async function confirmDialog(title: string, message: string, confirmLabel: string): Promise<boolean> {
  const text = document.createElement("p");
  text.textContent = message;
  return showDialog(
    title,
    text,
    [
      { label: t("dialog.cancel"), value: false },
      { label: confirmLabel, value: true, primary: true },
    ],
    false,
  );
}

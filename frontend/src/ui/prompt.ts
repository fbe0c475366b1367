// A modal dialog that asks for one line of text (a file's name), checks it as
// the user types and says what is wrong next to the field. Enter confirms,
// Esc cancels; focus returns to where it was.
import { t } from "../i18n";

export interface PromptOptions {
  title: string;
  label: string;
  value: string;
  confirmLabel: string;
  /** Selects this many leading characters (a name without its extension); all by default. */
  selectLength?: number;
  /** Why the value cannot be used, or null when it can. */
  check(value: string): string | null;
}

export function promptDialog(options: PromptOptions): Promise<string | null> {
  const previous = document.activeElement as HTMLElement | null;
  const id = crypto.randomUUID().slice(0, 8);
  const dialog = document.createElement("dialog");
  dialog.className = "dialog";
  dialog.setAttribute("aria-labelledby", `prompt-${id}`);
  const form = document.createElement("form");
  form.method = "dialog";
  const heading = Object.assign(document.createElement("h2"), { id: `prompt-${id}`, textContent: options.title });
  const label = Object.assign(document.createElement("label"), { htmlFor: `prompt-input-${id}`, textContent: options.label });
  label.className = "prompt-label";
  const input = Object.assign(document.createElement("input"), { id: `prompt-input-${id}`, type: "text", value: options.value });
  input.className = "prompt-input";
  input.autocomplete = "off";
  input.spellcheck = false;
  const problem = Object.assign(document.createElement("p"), { id: `prompt-problem-${id}`, className: "prompt-problem" });
  problem.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", problem.id);
  const actions = document.createElement("div");
  actions.className = "dialog-actions";
  const cancel = Object.assign(document.createElement("button"), { type: "button", textContent: t("dialog.cancel") });
  const confirm = Object.assign(document.createElement("button"), { type: "submit", textContent: options.confirmLabel, className: "primary" });
  actions.append(cancel, confirm);
  form.append(heading, label, input, problem, actions);
  dialog.append(form);
  document.body.append(dialog);

  const validate = (): string | null => {
    const message = options.check(input.value);
    problem.textContent = message ?? "";
    input.setAttribute("aria-invalid", String(message !== null));
    return message;
  };
  return new Promise<string | null>((resolve) => {
    let result: string | null = null;
    input.addEventListener("input", () => validate());
    cancel.addEventListener("click", () => dialog.close());
    form.addEventListener("submit", (event) => {
      if (validate() !== null) {
        event.preventDefault();
        input.focus();
        return;
      }
      result = input.value.trim();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      previous?.focus();
      resolve(result);
    });
    dialog.showModal();
    input.focus();
    input.setSelectionRange(0, options.selectLength ?? input.value.length);
  });
}

// The question input() asks, under the running cell: the prompt, labelling a
// text field (a password field for getpass) that has the focus; Enter sends
// the line. Like JupyterLab, the field goes away once answered and the cell's
// output shows the prompt and the answer instead (sink.ts).
import { t } from "../i18n";
import { MAX_INPUT_LENGTH } from "../kernel/stdin";

let fields = 0;

export interface StdinQuestion {
  element: HTMLElement;
  /** The line typed, once Enter is pressed. */
  answer: Promise<string>;
  /** True while the field has the keyboard focus. */
  readonly focused: boolean;
}

export function stdinField(prompt: string, password: boolean, cellNumber: number): StdinQuestion {
  const id = `stdin-${++fields}`;
  const box = document.createElement("div");
  box.className = "cell-stdin";
  const label = document.createElement("label");
  label.className = "stdin-prompt";
  label.htmlFor = id;
  label.textContent = prompt;
  const field = document.createElement("input");
  field.id = id;
  field.className = "stdin-field";
  field.type = password ? "password" : "text";
  field.maxLength = MAX_INPUT_LENGTH;
  field.autocomplete = password ? "current-password" : "off";
  field.spellcheck = false;
  field.setAttribute("autocapitalize", "off");
  // A prompt of spaces or nothing names nothing: say what the field is for.
  if (!prompt.trim()) field.setAttribute("aria-label", t(password ? "stdin.passwordLabel" : "stdin.label", { n: cellNumber }));
  const hint = document.createElement("span");
  hint.className = "stdin-hint";
  hint.id = `${id}-hint`;
  hint.textContent = t("stdin.hint");
  field.setAttribute("aria-describedby", hint.id);
  box.append(label, field, hint);

  const answer = new Promise<string>((resolve) => {
    field.addEventListener("keydown", (event) => {
      // Keys typed here belong to the answer, never to the notebook's shortcuts.
      event.stopPropagation();
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      field.readOnly = true;
      resolve(field.value);
    });
  });
  return {
    element: box,
    answer,
    get focused() {
      return document.activeElement === field;
    },
  };
}

/** Puts the focus in the field of `question` once it is on the page. */
export function focusField(question: StdinQuestion): void {
  const field = question.element.querySelector("input");
  field?.focus({ preventScroll: true });
  question.element.scrollIntoView({ block: "nearest" });
}

// A notice in the page's flow: a warning is an alert (said at once), an
// information a polite status (said when it appears or changes).
export function notice(text: string, kind: "info" | "warning" = "warning"): HTMLElement {
  const element = document.createElement("p");
  element.className = `notice notice-${kind}`;
  element.setAttribute("role", kind === "warning" ? "alert" : "status");
  element.textContent = text;
  return element;
}

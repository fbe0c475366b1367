// Syntax highlighting for code blocks in Markdown, with the Lezer parser the
// editor already ships (no second highlighter in the bundle). Tokens get
// CodeMirror's stable `tok-*` classes, coloured in styles.css for both themes.
import { pythonLanguage } from "@codemirror/lang-python";
import { classHighlighter, highlightCode } from "@lezer/highlight";

const PYTHON = new Set(["python", "py", "python3", "py3", "ipython", "ipython3"]);
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/**
 * The HTML of `code` highlighted as `language`, for markdown-it's `highlight`
 * option; an empty string (markdown-it then escapes the code) for other languages.
 */
export function highlight(code: string, language: string): string {
  if (!PYTHON.has(language.toLowerCase())) return "";
  let html = "";
  highlightCode(
    code,
    pythonLanguage.parser.parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escape(text)}</span>` : escape(text);
    },
    () => {
      html += "\n";
    },
  );
  return html;
}

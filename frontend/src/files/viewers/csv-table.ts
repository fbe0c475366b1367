// A CSV file as an accessible table: a caption, column headers, and at most
// MAX_ROWS rows (a browser table of a million rows helps nobody). Papa Parse
// reads it (quotes, commas in fields, semicolon-separated files), loaded only
// when a table is first shown.
import { t } from "../../i18n";
import { extension } from "../../paths";

export const MAX_ROWS = 500;
/** Above this size only the rows shown are parsed. */
const FULL_PARSE_LIMIT = 5_000_000;

export async function csvTable(path: string, name: string, bytes: Uint8Array): Promise<HTMLElement> {
  // Papa Parse is a UMD module: its functions are on the default export.
  const { parse } = (await import("papaparse")).default;
  const text = new TextDecoder().decode(bytes);
  const partial = text.length > FULL_PARSE_LIMIT;
  const result = parse<string[]>(text, {
    skipEmptyLines: true,
    delimiter: extension(path) === "tsv" ? "\t" : "",
    ...(partial ? { preview: MAX_ROWS + 1 } : {}),
  });
  const [header = [], ...rows] = result.data;
  const shown = rows.slice(0, MAX_ROWS);

  const wrapper = document.createElement("div");
  wrapper.className = "file-table";
  const id = `caption-${crypto.randomUUID().slice(0, 8)}`;
  const scroller = document.createElement("div");
  scroller.className = "table-scroll";
  // Focusable, so the keyboard can scroll a wide table.
  scroller.tabIndex = 0;
  scroller.setAttribute("role", "region");
  scroller.setAttribute("aria-labelledby", id);
  const table = document.createElement("table");
  const caption = Object.assign(document.createElement("caption"), { id });
  caption.textContent =
    rows.length > shown.length || partial
      ? t(partial ? "files.table.firstRows" : "files.table.someRows", { name, shown: shown.length, total: rows.length })
      : t("files.table.allRows", { name, total: rows.length });
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  for (const cell of header) {
    const th = Object.assign(document.createElement("th"), { scope: "col", textContent: cell });
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement("tbody");
  for (const row of shown) {
    const tr = document.createElement("tr");
    for (const cell of row) tr.append(Object.assign(document.createElement("td"), { textContent: cell }));
    body.append(tr);
  }
  table.append(caption, head, body);
  scroller.append(table);
  wrapper.append(scroller);
  return wrapper;
}

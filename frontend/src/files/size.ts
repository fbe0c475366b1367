// File sizes as people read them: "512 bytes", "12.5 kB", "3.2 MB".
import { language, t } from "../i18n";

export function formatSize(bytes: number): string {
  if (bytes < 1000) return t("files.bytes", { count: bytes });
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, "kilobyte"] : [bytes / 1e6, "megabyte"];
  return new Intl.NumberFormat(language(), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

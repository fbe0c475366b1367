// Storage errors in plain words: what failed, and what to do next.
import { t } from "../i18n";
import { FileExistsError, FileNotFoundError, StorageFullError } from "../storage/files";
import { basename } from "../paths";

export function problemText(error: unknown, path: string): string {
  const name = basename(path) || path;
  if (error instanceof StorageFullError) return t("files.full", { name });
  if (error instanceof FileExistsError) return t("files.exists", { name: basename(error.path) });
  if (error instanceof FileNotFoundError) return t("files.notFound", { name });
  const detail = error instanceof Error ? error.message : String(error);
  return t("files.failed", { name, detail });
}

// The words that rendered notebooks add to the page (buttons, link names, JSON
// summaries). They live in the app's catalogs (../i18n) under "render.".
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";

type WithoutPrefix<T> = T extends `render.${infer K}` ? K : never;
type RenderKey = WithoutPrefix<MessageKey>;

/** The message `key` in the app's language, with `{name}` filled from `params`. */
export function message(key: RenderKey, params: Record<string, string | number> = {}): string {
  return t(`render.${key}` as MessageKey, params);
}

// The words that rendered notebooks add to the page (buttons, link names, JSON
// summaries), in the app's languages. Kept beside the renderers so that they
// stay one self-contained module; the language is the app's (../i18n).
import { language } from "../i18n";

const catalogs = {
  en: {
    "heading.anchor": "Link to the section “{title}”",
    "long.hidden": "… {count} more lines not shown …",
    "long.hiddenChars": "… {count} more characters not shown …",
    "long.showAll": "Show all {count} lines",
    "long.showAllChars": "Show the whole output ({count} characters)",
    "json.keys": "{count} keys",
    "json.key": "1 key",
    "json.items": "{count} items",
    "json.item": "1 item",
    "json.more": "… {count} more",
    "json.label": "JSON data",
  },
  fr: {
    "heading.anchor": "Lien vers la section « {title} »",
    "long.hidden": "… {count} lignes de plus non affichées …",
    "long.hiddenChars": "… {count} caractères de plus non affichés …",
    "long.showAll": "Afficher les {count} lignes",
    "long.showAllChars": "Afficher toute la sortie ({count} caractères)",
    "json.keys": "{count} clés",
    "json.key": "1 clé",
    "json.items": "{count} éléments",
    "json.item": "1 élément",
    "json.more": "… {count} de plus",
    "json.label": "Données JSON",
  },
} as const;

export type RenderMessage = keyof (typeof catalogs)["en"];

/** The message `key` in the app's language, with `{name}` filled from `params`. */
export function message(key: RenderMessage, params: Record<string, string | number> = {}): string {
  const lang = language();
  const template: string = catalogs[lang][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === "number" ? value.toLocaleString(lang) : value;
  });
}

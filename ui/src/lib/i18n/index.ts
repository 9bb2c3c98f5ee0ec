// Every label in Bahasa Indonesia and English, one file per language. The core sends its error
// messages in the chosen language itself (see backend.ts: the language travels with each command).
import { en } from "./en";
import { id } from "./id";

export type Lang = "id" | "en";
export type Key = keyof typeof en;

export const dictionaries: Record<Lang, Record<Key, string>> = { en, id };

/// The text for `key`, with `{name}` placeholders filled from `params` (word order is each
/// language's own, never spliced).
export function translate(lang: Lang, key: Key, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

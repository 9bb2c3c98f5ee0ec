import { expect, it } from "vitest";
import { dictionaries } from "./i18n";

it("every label exists in both languages, and is translated", () => {
  const en = Object.keys(dictionaries.en).sort();
  const id = Object.keys(dictionaries.id).sort();
  expect(id).toEqual(en);
  const same = en.filter((k) => dictionaries.en[k as keyof typeof dictionaries.en] === dictionaries.id[k as keyof typeof dictionaries.id]);
  // Proper nouns and shared words may match; most labels must not.
  expect(same.length).toBeLessThan(en.length / 8);
});

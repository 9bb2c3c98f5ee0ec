import { expect, it } from "vitest";
import { dictionaries } from "./i18n/index";

it("every label exists in both languages, and is translated", () => {
  const en = Object.keys(dictionaries.en).sort();
  const id = Object.keys(dictionaries.id).sort();
  expect(id).toEqual(en);
  const same = en.filter((k) => dictionaries.en[k as keyof typeof dictionaries.en] === dictionaries.id[k as keyof typeof dictionaries.id]);
  // Proper nouns and shared words may match; most labels must not.
  expect(same.length).toBeLessThan(en.length / 8);
});

it("both languages name the same parameters, filled by name", async () => {
  const { translate } = await import("./i18n/index");
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(dictionaries.en) as (keyof typeof dictionaries.en)[]) {
    expect(names(dictionaries.id[k]), k).toEqual(names(dictionaries.en[k]));
  }
  expect(translate("en", "restore_holds", { sales: 3, now: 5 })).toBe("The copy holds 3 sales; this terminal holds 5 now.");
  expect(translate("id", "restore_holds", { sales: 3, now: 5 })).toBe("Salinan berisi 3 penjualan; terminal ini sekarang berisi 5.");
});

it("no label is defined in two area files (the later one would silently replace the other)", async () => {
  const areas = import.meta.glob("./i18n/*/*.ts", { eager: true }) as Record<string, Record<string, object>>;
  for (const lang of ["en", "id"]) {
    const seen = new Map<string, string>();
    for (const [file, mod] of Object.entries(areas)) {
      if (!file.startsWith(`./i18n/${lang}/`) || file.endsWith("/index.ts")) continue;
      for (const dict of Object.values(mod)) {
        for (const key of Object.keys(dict)) {
          expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, file);
        }
      }
    }
  }
});

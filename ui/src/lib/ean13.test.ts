import { expect, it } from "vitest";
import { ean13Modules, TABLES } from "./ean13";

// An independent reading of the modules back into digits, as a scanner would.
function decode(m: string): string {
  expect(m.slice(0, 3)).toBe("101");
  expect(m.slice(45, 50)).toBe("01010");
  expect(m.slice(92)).toBe("101");
  let parity = "";
  let digits = "";
  for (let i = 0; i < 6; i++) {
    const w = m.slice(3 + i * 7, 10 + i * 7);
    const l = TABLES.L.indexOf(w);
    parity += l >= 0 ? "L" : "G";
    digits += l >= 0 ? l : TABLES.G.indexOf(w);
  }
  for (let i = 0; i < 6; i++) digits += TABLES.R.indexOf(m.slice(50 + i * 7, 57 + i * 7));
  return TABLES.PARITY.indexOf(parity) + digits;
}

it("encodes EAN-13 and UPC-A so they read back", () => {
  for (const code of ["4006381333931", "8991234001009", "5901234123457"]) {
    const m = ean13Modules(code)!;
    expect(m).toHaveLength(95);
    expect(decode(m)).toBe(code);
  }
  expect(decode(ean13Modules("036000291452")!)).toBe("0036000291452");
  expect(ean13Modules("HR-1")).toBeNull();
});

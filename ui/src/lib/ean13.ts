// EAN-13 (and UPC-A, which is EAN-13 with a leading 0) to its 95 bar modules, for the barcode
// preview in the product form. "1" is a bar, "0" a space.

const L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];
const G = ["0100111", "0110011", "0011011", "0100001", "0011101", "0111001", "0000101", "0010001", "0001001", "0010111"];
const R = ["1110010", "1100110", "1101100", "1000010", "1011100", "1001110", "1010000", "1000100", "1001000", "1110100"];
const PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"];

export const TABLES = { L, G, R, PARITY };

/** The module string of a 12- or 13-digit code, or null when it is not all digits. */
export function ean13Modules(code: string): string | null {
  const c = code.length === 12 ? "0" + code : code;
  if (!/^\d{13}$/.test(c)) return null;
  const d = [...c].map(Number);
  const parity = PARITY[d[0]];
  let out = "101";
  for (let i = 1; i <= 6; i++) out += (parity[i - 1] === "L" ? L : G)[d[i]];
  out += "01010";
  for (let i = 7; i <= 12; i++) out += R[d[i]];
  return out + "101";
}

/** Bars as [x, width] runs in module units. */
export function bars(modules: string): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 0; i < modules.length; i++) {
    if (modules[i] !== "1") continue;
    const start = i;
    while (modules[i + 1] === "1") i++;
    runs.push([start, i - start + 1]);
  }
  return runs;
}

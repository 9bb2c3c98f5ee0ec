// Money and numbers as the shop writes them: `Rp 1.250.000` (dot groups, no decimals).

export function formatRupiah(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = Math.abs(Math.trunc(n)).toString();
  return `${sign}Rp ${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** Reads what a person types in a rupiah field: "1.250.000", "Rp 1250000", "1 250 000". */
export function parseRupiah(s: string): number | null {
  const t = s.trim().replace(/^rp\.?\s*/i, "");
  if (t === "") return null;
  const negative = t.startsWith("-");
  const digits = t.replace(/^-/, "").replace(/[.\s]/g, "");
  if (!/^\d+$/.test(digits) || digits.length > 15) return null;
  const v = Number(digits);
  return negative ? -v : v;
}

export function formatDateTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "id-ID", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Jakarta",
  }).format(new Date(ms));
}

/** GS1 check digit of an EAN-13/UPC-A body, mirroring the core (for live feedback in forms). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += d * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type BarcodeCheck = { kind: "ean13" | "upc_a" | "code128" | "none"; ok: boolean; expected?: number };

export function checkBarcode(code: string): BarcodeCheck {
  const c = code.trim();
  if (c === "") return { kind: "none", ok: true };
  if (/^\d{12,13}$/.test(c)) {
    const expected = gs1CheckDigit(c.slice(0, -1));
    return { kind: c.length === 13 ? "ean13" : "upc_a", ok: expected === Number(c.at(-1)), expected };
  }
  return { kind: "code128", ok: c.length <= 48 && /^[\x20-\x7e]+$/.test(c) };
}

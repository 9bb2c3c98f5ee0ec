import { describe, expect, it } from "vitest";
import { checkBarcode, formatRupiah, parseRupiah } from "./format";
import { ScanDetector } from "./scanner";

describe("rupiah", () => {
  it("formats like the shelf labels", () => {
    expect(formatRupiah(1250000)).toBe("Rp 1.250.000");
    expect(formatRupiah(0)).toBe("Rp 0");
    expect(formatRupiah(999)).toBe("Rp 999");
    expect(formatRupiah(-15500)).toBe("-Rp 15.500");
  });
  it("reads what people type and refuses the rest", () => {
    expect(parseRupiah("1.250.000")).toBe(1250000);
    expect(parseRupiah("Rp 1250000")).toBe(1250000);
    expect(parseRupiah("-5.000")).toBe(-5000);
    expect(parseRupiah("12,5")).toBeNull();
    expect(parseRupiah("abc")).toBeNull();
    expect(parseRupiah("")).toBeNull();
    for (const n of [0, 7, 1000, 123456789, 999999999999]) expect(parseRupiah(formatRupiah(n))).toBe(n);
  });
});

describe("barcodes", () => {
  it("checks EAN-13 and UPC-A digits", () => {
    expect(checkBarcode("4006381333931")).toEqual({ kind: "ean13", ok: true, expected: 1 });
    expect(checkBarcode("4006381333932").ok).toBe(false);
    expect(checkBarcode("036000291452").kind).toBe("upc_a");
    expect(checkBarcode("HR-STRAP-01")).toEqual({ kind: "code128", ok: true });
    expect(checkBarcode("é").ok).toBe(false);
  });
});

describe("scanner", () => {
  it("tells a scan from typing", () => {
    const d = new ScanDetector();
    let t = 1000;
    let out: string | null = null;
    for (const k of "8991234001009") out = d.feed(k, (t += 8));
    expect(out).toBeNull();
    expect(d.feed("Enter", (t += 8))).toBe("8991234001009");
    // A person typing slowly is not a scanner.
    for (const k of "12345678") d.feed(k, (t += 200));
    expect(d.feed("Enter", (t += 200))).toBeNull();
    // Too short to be a barcode.
    for (const k of "123") d.feed(k, (t += 5));
    expect(d.feed("Enter", (t += 5))).toBeNull();
  });
});

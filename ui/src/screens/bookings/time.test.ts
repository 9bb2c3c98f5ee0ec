import { describe, expect, it } from "vitest";
import { DAY, HOUR, place, wibClock, wibDate, wibMidnight, wibMonday } from "./time";

describe("WIB days for the calendar", () => {
  // 2026-12-10 16:59 UTC is 23:59 WIB on the 10th; 17:01 UTC is 00:01 WIB on the 11th.
  const before = Date.UTC(2026, 11, 10, 16, 59);
  const after = Date.UTC(2026, 11, 10, 17, 1);
  it("turns at WIB midnight, not UTC's", () => {
    expect(wibDate(before)).toBe("2026-12-10");
    expect(wibDate(after)).toBe("2026-12-11");
    expect(wibMidnight(after)).toBe(Date.UTC(2026, 11, 10, 17, 0));
    expect(wibClock(after)).toBe("00:01");
  });
  it("starts weeks on Monday", () => {
    // 2026-12-13 is a Sunday (WIB); its Monday is the 7th.
    const sunday = Date.UTC(2026, 11, 13, 5, 0);
    expect(wibDate(wibMonday(sunday))).toBe("2026-12-07");
    expect(wibMonday(sunday + DAY)).toBe(wibMonday(sunday) + 7 * DAY);
  });
  it("places a booking by its hours", () => {
    const day0 = wibMidnight(before);
    expect(place(day0 + 14 * HOUR, day0 + 15 * HOUR, day0, 8, 48)).toEqual({ top: 288, height: 48 });
  });
});

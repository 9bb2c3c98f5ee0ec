// WIB (UTC+7, no daylight saving) days and hours for the bookings calendar. Times cross the
// backend as UTC milliseconds; the calendar is drawn in WIB wherever the desk's clock is set.
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const WIB = 7 * HOUR;

/** 00:00 WIB of the day `ms` falls on. */
export function wibMidnight(ms: number): number {
  return Math.floor((ms + WIB) / DAY) * DAY - WIB;
}

/** `YYYY-MM-DD` of the WIB day `ms` falls on. */
export function wibDate(ms: number): string {
  return new Date(wibMidnight(ms) + WIB).toISOString().slice(0, 10);
}

/** `14:00` in WIB. */
export function wibClock(ms: number): string {
  return new Date(ms + WIB).toISOString().slice(11, 16);
}

/** The Monday (00:00 WIB) of the week `ms` falls in. */
export function wibMonday(ms: number): number {
  const day0 = wibMidnight(ms);
  const weekday = (new Date(day0 + WIB).getUTCDay() + 6) % 7;
  return day0 - weekday * DAY;
}

/** Where a booking sits in a day column drawn from `fromHour` at `pxPerHour`. */
export function place(start: number, end: number, day0: number, fromHour: number, pxPerHour: number): { top: number; height: number } {
  const top = ((start - day0) / HOUR - fromHour) * pxPerHour;
  return { top, height: Math.max(((end - start) / HOUR) * pxPerHour, 18) };
}

/**
 * The one clock of the product. Deadlines, statuses computed on read and scheduled work all ask `now()`, so tests
 * can move time (setClock / shiftClock / resetClock are for tests and for the year simulator, server/src/sim, which
 * runs a past year through the services at that year's moments; the server never calls them).
 */
let offsetMs = 0;
let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed.getTime()) : new Date(Date.now() + offsetMs);
}
/** Tests: freeze the clock at a given instant. */
export function setClock(at: Date): void {
  fixed = new Date(at.getTime());
}
/** Tests: move the clock (frozen or running) by some milliseconds. */
export function shiftClock(ms: number): void {
  if (fixed) fixed = new Date(fixed.getTime() + ms);
  else offsetMs += ms;
}
export function resetClock(): void {
  fixed = null;
  offsetMs = 0;
}
/** Today's date in the office's time zone (YYYY-MM-DD). */
export function todayShanghai(at = now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

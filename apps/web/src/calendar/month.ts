/** Month-grid arithmetic in the browser's local time zone. Weeks start on Sunday. */

export const WEEK_DAYS = 7;
const GRID_DAYS = 6 * WEEK_DAYS;

export function startOfMonth(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), 1);
}

export function addMonths(month: Date, count: number): Date {
  return new Date(month.getFullYear(), month.getMonth() + count, 1);
}

export function addDays(date: Date, count: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + count);
}

export function isSameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

const pad = (value: number) => String(value).padStart(2, "0");

/** `YYYY-MM-DD` in local time, the value of an `<input type="date">`. */
export function toDateInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `HH:MM` in local time. */
export function toTimeInputValue(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A local date and time from form values; `undefined` when they do not make a date. */
export function fromDateAndTime(date: string, time: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || !clock) return undefined;
  const result = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(clock[1]), Number(clock[2]));
  return Number.isNaN(result.getTime()) ? undefined : result;
}

/** The 42 days (six weeks) shown for a month, starting on the Sunday on or before the 1st. */
export function monthGrid(month: Date): Date[] {
  const first = startOfMonth(month);
  const start = addDays(first, -first.getDay());
  return Array.from({ length: GRID_DAYS }, (_, index) => addDays(start, index));
}

/** The half-open range `[from, to)` covered by the grid: what `calendar.list` is asked for. */
export function gridRange(month: Date): { from: Date; to: Date } {
  const days = monthGrid(month);
  const first = days[0] ?? startOfMonth(month);
  const last = days[days.length - 1] ?? first;
  return { from: first, to: addDays(last, 1) };
}

export const monthLabel = new Intl.DateTimeFormat("en", { month: "long", year: "numeric" });
export const fullDateLabel = new Intl.DateTimeFormat("en", {
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
});
export const timeLabel = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hour12: false });
export const weekdayLabel = new Intl.DateTimeFormat("en", { weekday: "short" });

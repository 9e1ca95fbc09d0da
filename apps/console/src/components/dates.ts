/** A calendar day as the URL and the date fields keep it: YYYY-MM-DD, in the browser's time zone. */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local midnight a day begins at; null for anything that is not a real day. */
export function dayStart(day: Day): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new Date(year, month - 1, date);
  return value.getFullYear() === year && value.getMonth() === month - 1 && value.getDate() === date ? value : null;
}

/** The local midnight after a day: the exclusive end of a range that includes the day. */
export function dayEnd(day: Day): Date | null {
  const start = dayStart(day);
  return start ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1) : null;
}

export function toDay(date: Date): Day {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const isDay = (value: string): boolean => dayStart(value) !== null;

/** A date-time in the browser's locale and time zone; an em dash for none. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** JSON for a table cell: short, on one line. */
export function formatJson(value: unknown, max = 60): string {
  if (value === null || value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Dates travel as ISO strings: with no transformer on the wire, the TypeScript type is what JSON carries. */
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

import { z } from 'zod';
import { trpcError } from '../errors.js';

type Direction = 'asc' | 'desc';
/** What a list sorts by; `id` always breaks ties, in the same direction. Nulls (nullable fields) come last either way. */
export type Sort<F extends string = string> = {
  field: F;
  direction: Direction;
  nullable?: boolean;
  /** The table's ids are text (clients), not uuids. */
  textIds?: boolean;
};
type SortValue = Date | number | string | null;
export type Page<T> = { items: T[]; nextCursor: string | null };

const cursorSchema = z.object({
  s: z.string(),
  v: z.union([
    z.tuple([z.literal('d'), z.iso.datetime()]),
    z.tuple([z.literal('n'), z.number()]),
    z.tuple([z.literal('s'), z.string()]),
    z.null(),
  ]),
  id: z.string().min(1).max(200),
});
type Cursor = z.output<typeof cursorSchema>;

const sortKey = (sort: Sort): string => `${sort.field}:${sort.direction}`;

// What each sort field holds. A cursor is base64 JSON anyone can write: one whose value has another
// type (a string for createdAt), or one PostgreSQL cannot take (an int4 past 2^31, year 0, a NUL,
// a non-uuid id), is refused here rather than reaching Prisma or the database as a 500.
const FIELD_KINDS: Record<string, 'd' | 'n' | 's'> = {
  at: 'd',
  createdAt: 'd',
  updatedAt: 'd',
  expiresAt: 'd',
  lastAccessedAt: 'd',
  successfulAttempts: 'n',
  failedAttempts: 'n',
  email: 's',
  lastName: 's',
  name: 's',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4_MAX = 2 ** 31 - 1;

function valueFits(sort: Sort, v: Cursor['v']): boolean {
  if (v === null) return sort.nullable === true;
  const kind = FIELD_KINDS[sort.field];
  if (kind === undefined) throw new Error(`pagination: no value kind for sort field ${sort.field}`);
  if (v[0] !== kind) return false;
  if (v[0] === 'd') {
    const year = new Date(v[1]).getUTCFullYear();
    return year >= 1970 && year <= 9999;
  }
  if (v[0] === 'n') return Number.isInteger(v[1]) && Math.abs(v[1]) <= INT4_MAX;
  return !v[1].includes('\u0000');
}

const idFits = (sort: Sort, id: string): boolean => (sort.textIds ? !id.includes('\u0000') : UUID.test(id));

function encodeValue(value: SortValue): Cursor['v'] {
  if (value === null) return null;
  if (value instanceof Date) return ['d', value.toISOString()];
  return typeof value === 'number' ? ['n', value] : ['s', value];
}

const decodeValue = (v: Cursor['v']): SortValue => (v === null ? null : v[0] === 'd' ? new Date(v[1]) : v[1]);

const encodeCursor = (sort: Sort, value: SortValue, id: string): string =>
  Buffer.from(JSON.stringify({ s: sortKey(sort), v: encodeValue(value), id } satisfies Cursor)).toString('base64url');

/** The position a cursor names in its sort, for lists that build their own SQL (login tokens). */
export function decodeCursor(sort: Sort, cursor: string): { value: SortValue; id: string } {
  let parsed: Cursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw trpcError('cursor_invalid', 'cursor is not one this list handed out');
  }
  // A cursor is a position in one ordering; reused under another it would skip rows.
  if (parsed.s !== sortKey(sort)) throw trpcError('cursor_sort_mismatch', 'cursor belongs to a different sort order');
  if (!valueFits(sort, parsed.v) || !idFits(sort, parsed.id)) throw trpcError('cursor_invalid', 'cursor is not one this list handed out');
  return { value: decodeValue(parsed.v), id: parsed.id };
}

/**
 * Keyset pagination on a sort field without nulls. After a row come the rows past its value, then its ties
 * past its id, in the sort direction. Typed by the caller's Prisma input
 * types: the shape is the same for every model, which Prisma's per-model
 * types cannot express.
 */
type Segment<Where, OrderBy> = { where: Where; orderBy: OrderBy[] };

export function keyset<Where, OrderBy>(sort: Sort, cursor: string | undefined): Segment<Where, OrderBy> {
  const past = sort.direction === 'asc' ? 'gt' : 'lt';
  const orderBy = [{ [sort.field]: sort.direction }, { id: sort.direction }] as OrderBy[];
  if (!cursor) return { where: {} as Where, orderBy };
  const after = decodeCursor(sort, cursor);
  const where = { OR: [{ [sort.field]: { [past]: after.value } }, { [sort.field]: after.value, id: { [past]: after.id } }] };
  return { where: where as Where, orderBy };
}

/** Cuts the extra row fetched (take: limit + 1) and points the cursor at the last row kept. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  sort: Sort,
  sortValueOf: (row: Row) => SortValue,
  map: (row: Row) => T,
): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(sort, sortValueOf(last), last.id) : null,
  };
}

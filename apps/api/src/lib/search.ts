import { z } from 'zod';
import { trpcError } from '../errors.js';
import type { Page } from './pagination.js';

/**
 * A search answers in rank order (packages/db search.ts), which no keyset
 * can follow: its cursor is the position in the ranking, bound to the term
 * so it cannot be reused for another search.
 */
const cursorSchema = z.object({ q: z.string(), o: z.number().int().min(0).max(100_000) });

const encode = (search: string, offset: number) => Buffer.from(JSON.stringify({ q: search, o: offset })).toString('base64url');

function decode(search: string, cursor: string | undefined): number {
  if (!cursor) return 0;
  let parsed: z.output<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw trpcError('cursor_invalid', 'cursor is not one this list handed out');
  }
  // A ranking is an order of its own, like a sort: a cursor from another search would skip rows.
  if (parsed.q !== search) throw trpcError('cursor_sort_mismatch', 'cursor belongs to a different search');
  return parsed.o;
}

/** One page of a ranked search: ids in rank order from `find`, rows loaded by `load`, kept in that order. */
export async function rankedPage<T extends { id: string }>(
  input: { search: string; limit: number; cursor?: string | undefined },
  find: (page: { limit: number; offset: number }) => Promise<string[]>,
  load: (ids: string[]) => Promise<T[]>,
): Promise<Page<T>> {
  const offset = decode(input.search, input.cursor);
  const ids = await find({ limit: input.limit + 1, offset });
  const kept = ids.slice(0, input.limit);
  const byId = new Map((kept.length > 0 ? await load(kept) : []).map((item) => [item.id, item]));
  return {
    items: kept.flatMap((id) => byId.get(id) ?? []),
    nextCursor: ids.length > input.limit ? encode(input.search, offset + input.limit) : null,
  };
}

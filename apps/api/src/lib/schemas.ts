import { searchable } from '@latchkey/db/search-terms';
import { z } from 'zod';

// Shared input pieces. Every string and array has an upper bound: inputs
// arrive from the network, and a database column is no place to find out.

/** Row ids are UUIDs in the database; anything else is a bad request, not a 500. */
export const id = z.guid();
export const idInput = z.object({ id });

export const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const password = z.string().min(8).max(1024);
export const personName = z.string().trim().min(1).max(100);
export const status = z.enum(['active', 'disabled']);

/** Largest value of an int4 column. */
export const MAX_INT = 2_147_483_647;

/**
 * A point in time: an ISO 8601 string with offset (what JSON carries) or a
 * Date (which JSON.stringify turns into one), so callers on both sides of
 * HTTP can pass what they have.
 */
export const instant = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((value) => new Date(value));

/** `from` inclusive, `to` exclusive, so adjacent ranges never count a row twice. */
export const range = z
  .object({ from: instant.optional(), to: instant.optional() })
  .strict()
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: 'from must be before to', path: ['to'] });

export type Range = z.output<typeof range>;
export const rangeWhere = (r: Range | undefined) => (r ? { ...(r.from ? { gte: r.from } : {}), ...(r.to ? { lt: r.to } : {}) } : undefined);

export const comparison = z.object({ op: z.enum(['eq', 'gt', 'gte', 'lt', 'lte']), value: z.number().int().min(0).max(MAX_INT) }).strict();

/** Any JSON value that serializes to at most `maxBytes`. */
export const boundedJson = (maxBytes: number) =>
  z.json().refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= maxBytes, {
    message: `must serialize to at most ${maxBytes} bytes of JSON`,
  });

export const page = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(1024).optional(),
};

export const sortDirection = z.enum(['asc', 'desc']);

/** The order of a list of people (customers, staff): newest first unless asked. */
export const personSort = z
  .object({ field: z.enum(['createdAt', 'updatedAt', 'email', 'lastName']), direction: sortDirection })
  .strict()
  .default({ field: 'createdAt', direction: 'desc' });

/** A user-picker search: up to 100 characters, with a word of three or more (what a trigram index can look up). */
export const searchTerm = z.string().trim().min(1).max(100).refine(searchable, { message: 'search needs a word of at least 3 characters' });

import { createHash } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * Parameterised SQL straight to the driver, for the few queries on the
 * token endpoint's hot paths: a Prisma query costs about four times the
 * CPU of the same query through pg (measured on this schema), and a token
 * request makes several. The auth server reads and writes only through
 * these (it never loads Prisma, see sql-db.ts); the admin API uses Prisma.
 * Rows come back as objects; select timestamps as epoch milliseconds
 * (`extract(epoch from x) * 1000`) so both drivers agree on them.
 */
export type Sql = <Row = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<Row[]>;

/**
 * Named statements (`named`, on a direct connection): each connection parses
 * and plans a hot query once, then only binds and executes it (the names are
 * derived from the text, so one text is one statement). Unnamed ones behind a
 * transaction pooler, where a connection's prepared statements do not follow
 * the client: each is parsed and planned with every execution.
 */
export function pgSql(pool: pg.Pool, { named }: { named: boolean }): Sql {
  if (!named) return async (text, params = []) => (await pool.query({ text, values: params as unknown[] })).rows;
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (!name) {
      name = `lk_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      names.set(text, name);
    }
    return name;
  };
  return async (text, params = []) => (await pool.query({ name: nameOf(text), text, values: params as unknown[] })).rows;
}

export const pgliteSql =
  (client: Pick<PGlite, 'query'> | Transaction): Sql =>
  async (text, params = []) =>
    (await client.query(text, params as unknown[])).rows as never;

/** Epoch milliseconds (as selected) to a Date; null stays null. */
export const fromEpochMs = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(Number(value)));

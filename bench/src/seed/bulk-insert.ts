import type { Db } from '@latchkey/db';

/**
 * Rows into a table with one INSERT ... SELECT FROM unnest(...) per batch:
 * each column travels as one array parameter, so a batch of thousands of
 * rows is one statement with a handful of parameters.
 */
export async function bulkInsert(
  db: Db,
  table: string,
  columns: { name: string; type: string }[],
  rows: unknown[][],
  batch = 5_000,
): Promise<void> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const arrays = columns.map((c, i) => (c.type === 'jsonb' ? `$${i + 1}::text[]` : `$${i + 1}::${c.type}[]`)).join(', ');
  const select = columns.map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${select} FROM unnest(${arrays}) AS t(${aliases})`;
  for (let from = 0; from < rows.length; from += batch) {
    const slice = rows.slice(from, from + batch);
    await db.prisma.$executeRawUnsafe(sql, ...columns.map((_, i) => slice.map((row) => row[i] ?? null)));
  }
}

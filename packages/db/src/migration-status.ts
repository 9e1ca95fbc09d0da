import path from 'node:path';
import { readMigrations } from './migrations.js';
import type { SqlDb } from './sql-db.js';

export type MigrationStatus = { applied: string[]; pending: string[]; failed: string[] };

/** Which of the checked-in migrations this database has applied, which it has not, and which failed half way. */
export async function migrationStatus(db: Pick<SqlDb, 'sql'>): Promise<MigrationStatus> {
  const names = (await readMigrations()).migrationDirectories.map((dir) => path.basename(dir.path));
  const exists = await db.sql<{ present: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  const rows = exists[0]?.present
    ? await db.sql<{ name: string; finished: boolean }>(
        'SELECT migration_name AS name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished FROM _prisma_migrations',
      )
    : [];
  const finished = new Set(rows.filter((row) => row.finished).map((row) => row.name));
  const failed = rows.filter((row) => !row.finished).map((row) => row.name);
  return { applied: names.filter((name) => finished.has(name)), pending: names.filter((name) => !finished.has(name)), failed };
}

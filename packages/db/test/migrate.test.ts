import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, MigrationError } from '../src/index.js';
import { migrationsDir } from '../src/migrations.js';
import { openPGlite } from '../src/open-pglite.js';
import { guardedPGliteFactory } from '../src/pglite-adapter.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let dir: string;
let db: TestDb;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'latchkey-migrations-'));
  await cp(migrationsDir, dir, { recursive: true });
  db = await createTestDb({ migrated: false });
});

afterEach(async () => {
  await db.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function addMigration(name: string, sql: string) {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

type MigrationRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };
const history = (t: TestDb) =>
  t.prisma.$queryRawUnsafe<MigrationRow[]>(
    'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at',
  );
const tableExists = async (t: TestDb, table: string) =>
  (await t.prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM information_schema.tables WHERE table_name = '${table}'`)).length === 1;

describe('migrate', () => {
  it('applies the checked-in migrations once', async () => {
    const first = await db.migrate();
    expect(first.length).toBeGreaterThan(0);
    expect(await db.migrate()).toEqual([]);
    expect(await tableExists(db, 'login_tokens')).toBe(true);
  });

  // This also proves the adapter guards: without guardedPGliteFactory the
  // broken script is recorded as applied on PGlite; without guardedPgFactory
  // its first statement stays applied on PostgreSQL.
  it('gives agents who could impersonate the impersonator role', async () => {
    const only = await mkdtemp(path.join(tmpdir(), 'latchkey-migrations-init-'));
    try {
      await cp(path.join(migrationsDir, '20261122060303_init'), path.join(only, '20261122060303_init'), { recursive: true });
      await db.migrate({ migrationsDir: only });
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO agents (id, email, first_name, last_name, can_impersonate, updated_at) VALUES
          ('0190a000-0000-7000-8000-000000000001', 'yes@example.com', 'Y', 'Y', true, now()),
          ('0190a000-0000-7000-8000-000000000002', 'no@example.com', 'N', 'N', false, now())`,
      );
      await db.migrate();
      const agents = await db.prisma.agent.findMany({ orderBy: { email: 'asc' }, select: { email: true, roles: true } });
      expect(agents).toEqual([
        { email: 'no@example.com', roles: [] },
        { email: 'yes@example.com', roles: ['impersonator'] },
      ]);
    } finally {
      await rm(only, { recursive: true, force: true });
    }
  });

  it('fails loudly on a broken migration and does not record it as applied', async () => {
    await addMigration('99990101000000_broken', 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n');
    const run = db.migrate({ migrationsDir: dir });
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(/no_such_table/);

    const broken = (await history(db)).find((row) => row.migration_name === '99990101000000_broken');
    expect(broken?.finished_at ?? null).toBeNull();
    expect(await tableExists(db, 'half_done')).toBe(false);
    // Later runs keep refusing until the failed migration is resolved.
    await expect(db.migrate({ migrationsDir: dir })).rejects.toThrow(MigrationError);
  });
});

// Outside the suite above: it needs none of its per-test databases. Diffing
// replays every migration on a shadow database, and the one empty PGlite
// opened here serves as both the engine's database (unused by a diff from
// migrations) and its shadow: opening a PGlite is most of the cost.
it('has migrations that match schema.prisma', async () => {
  const empty = await openPGlite();
  try {
    expect(await diffMigrationsToSchema(guardedPGliteFactory(empty, { shadow: empty }))).toBe('');
  } finally {
    if (!empty.closed) await empty.close();
  }
});

// PostgreSQL only: PGlite is one session in one process, where the lock is re-entrant and no one else waits.
describe.runIf(Boolean(process.env.DATABASE_URL))('migration lock (PostgreSQL)', () => {
  it('is released after migrating, so another process can migrate at once', async () => {
    const t = await createTestDb({ migrated: false });
    try {
      await t.migrate();
      // Only this database's locks: other test files migrate and lock their own at the same time.
      const held = await t.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(held[0]!.n).toBe(0);
      expect(await t.migrate()).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});

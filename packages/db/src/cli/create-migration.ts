// `npm run migration:create -- <name>`: writes the SQL that takes the checked-in
// migrations to prisma/schema.prisma as a new migration, diffed offline on an
// in-memory PGlite (no Prisma engine download, no database server).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diffMigrationsToSchema } from '../migrate.js';
import { migrationsDir } from '../migrations.js';
import { openPGlite } from '../open-pglite.js';
import { guardedPGliteFactory } from '../pglite-adapter.js';

const name = process.argv[2] ?? '';
if (!/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error('usage: npm run migration:create -- <name in snake_case>');
  process.exit(2);
}
const sql = await diffMigrationsToSchema(guardedPGliteFactory(await openPGlite()));
if (!sql) {
  console.log('schema.prisma and the migrations agree: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'migration.sql'), sql);
await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);

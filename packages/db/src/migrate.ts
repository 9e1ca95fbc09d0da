import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { migrationsDir as defaultMigrationsDir, readMigrations, readSchema } from './migrations.js';
import { type EngineLog, withSchemaEngine } from './schema-engine.js';

const noFilters = { externalTables: [], externalEnums: [] };

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export type MigrateOptions = { migrationsDir?: string; log?: EngineLog };

/**
 * Applies every pending migration through the wasm schema engine. A script
 * that fails rolls back, is recorded as failed (never as applied) and
 * rejects with the database's message; later runs refuse until it is fixed.
 */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory, options: MigrateOptions = {}): Promise<string[]> {
  const [schema, migrationsList] = await Promise.all([readSchema(), readMigrations(options.migrationsDir ?? defaultMigrationsDir)]);
  try {
    return await withSchemaEngine(schema, adapter, options.log ?? (() => {}), async (engine) => {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
      return appliedMigrationNames;
    });
  } catch (error) {
    throw new MigrationError(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const isEmptyScript = (script: string): boolean =>
  script.includes('-- This is an empty migration.') || script.split('\n').every((line) => !line.trim() || line.trim().startsWith('--'));

/** SQL that takes the database from the checked-in migrations to the current schema ('' when in sync). */
export async function diffMigrationsToSchema(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir: string = defaultMigrationsDir,
): Promise<string> {
  const [schema, migrationsList] = await Promise.all([readSchema(), readMigrations(migrationsDir)]);
  return withSchemaEngine(
    schema,
    adapter,
    () => {},
    async (engine) => {
      const from =
        migrationsList.migrationDirectories.length === 0 ? { tag: 'empty' as const } : { tag: 'migrations' as const, ...migrationsList };
      const result = await engine.diff({
        from,
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
        script: true,
        exitCode: null,
        filters: noFilters,
      });
      const script = result.stdout ?? '';
      return isEmptyScript(script) ? '' : script;
    },
  );
}

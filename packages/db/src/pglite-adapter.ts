import type { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openPGlite } from './open-pglite.js';

type ErrorMapping = { onError(error: unknown): never };

/**
 * pglite-prisma-adapter 0.7.2's `executeScript` calls `client.exec(script)`
 * without awaiting it, so a failing migration script resolves and the schema
 * engine records it as applied. Every adapter this factory hands out awaits
 * the script and rejects with the adapter's own mapped error instead.
 * test/migrate.test.ts fails if this guard is removed.
 * Its shadow database (where migrations are replayed to diff them) is a bare
 * PGlite without extensions, so `CREATE EXTENSION pg_trgm` would fail there:
 * the shadow here is opened like every other embedded database, or is
 * `options.shadow` (an empty database the caller has open already: opening
 * one is most of a diff's cost).
 */
export function guardedPGliteFactory(client: PGlite, options: { shadow?: PGlite } = {}): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(client);
  const guard = (adapter: SqlDriverAdapter, target: PGlite): SqlDriverAdapter => {
    adapter.executeScript = async (script: string) => {
      try {
        await target.exec(script);
      } catch (error) {
        (adapter as unknown as ErrorMapping).onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => guard(await factory.connect(), client),
    connectToShadowDb: async () => {
      const shadowClient = options.shadow ?? (await openPGlite({ dataDir: 'memory://shadow' }));
      return guard(await new PrismaPGlite(shadowClient).connect(), shadowClient);
    },
  };
}

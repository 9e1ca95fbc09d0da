import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

type PgAdapter = SqlDriverAdapter & { underlyingDriver(): pg.Pool; onError(error: unknown): never };

/**
 * @prisma/adapter-pg 7.10.0's `executeScript` splits a migration on every
 * ";" (breaking any literal or function body that holds one) and runs the
 * pieces one by one on whichever pool connection is free, outside a
 * transaction: a failing migration leaves its first statements applied.
 * Every adapter this factory hands out runs the whole script on one
 * connection, in one transaction. test/migrate.test.ts fails without it
 * (on PostgreSQL: the half-applied table survives).
 */
export function guardedPgFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  const guard = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const pgAdapter = adapter as PgAdapter;
    adapter.executeScript = async (script: string) => {
      const connection = await pgAdapter.underlyingDriver().connect();
      try {
        await connection.query('BEGIN');
        await connection.query(script);
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        pgAdapter.onError(error);
      } finally {
        connection.release();
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => guard(await factory.connect()),
    connectToShadowDb: async () => guard(await factory.connectToShadowDb()),
  };
}

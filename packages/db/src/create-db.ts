import type { PrismaClient } from './generated/prisma/client.js';
import { type DbOptions, DEFAULT_POOL_WAIT_MS, openDatabase, type SqlDb } from './sql-db.js';

export { type DbOptions, isPostgresUrl } from './sql-db.js';

/** The database with Prisma on the same connections, for the admin API, the CLI and seeds. */
export type Db = SqlDb & { readonly prisma: PrismaClient };

/** Opens Latchkey's database with a Prisma client; nothing connects until this is called. */
export async function createDb(options: DbOptions): Promise<Db> {
  const { db, adapter } = await openDatabase(options);
  // Loaded here rather than imported at the top: a process that only opens
  // a SqlDb (the auth server) never loads the Prisma client's module.
  const [{ PrismaClient }, factory] = await Promise.all([import('./generated/prisma/client.js'), adapter()]);
  // An interactive transaction waits for its connection as long as any query does (Prisma's own default is 2 s).
  const maxWait = ('poolWaitMs' in options ? options.poolWaitMs : undefined) ?? DEFAULT_POOL_WAIT_MS;
  const prisma = new PrismaClient({ adapter: factory, transactionOptions: { maxWait } });
  return {
    ...db,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

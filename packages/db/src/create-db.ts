import type { PrismaClient } from './generated/prisma/client.js';
import { type DbOptions, openDatabase, type SqlDb } from './sql-db.js';

export { type DbOptions, isPostgresUrl } from './sql-db.js';

/** The database with Prisma on the same connections, for the admin API, the CLI and seeds. */
export type Db = SqlDb & { readonly prisma: PrismaClient };

/** Opens Latchkey's database with a Prisma client; nothing connects until this is called. */
export async function createDb(options: DbOptions): Promise<Db> {
  const { db, adapter } = await openDatabase(options);
  // Loaded here rather than imported at the top: a process that only opens
  // a SqlDb (the auth server) never loads the Prisma client's module.
  const [{ PrismaClient }, factory] = await Promise.all([import('./generated/prisma/client.js'), adapter()]);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    ...db,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

import type { Db } from './create-db.js';
import type { OAuthClient, Prisma } from './generated/prisma/client.js';

/** The fields of a client the auth server writes itself (the bootstrap admin client). */
export type ClientSettings = Omit<Prisma.OAuthClientCreateInput, 'id'>;

/** OAuth clients as the auth server reads them (the admin API manages them). */
export function createClientStore(db: Pick<Db, 'prisma'>) {
  const { prisma } = db;
  return {
    find: (clientId: string): Promise<OAuthClient | null> => prisma.oAuthClient.findUnique({ where: { id: clientId } }),

    /** The active customer-directory public client serving a store channel (the admin API keeps it to one). */
    async storefrontClientId(storeHash: string, channelId: number): Promise<string | null> {
      const row = await prisma.oAuthClient.findFirst({
        where: { storeHash, channelIds: { has: channelId }, status: 'active', type: 'public', subjectType: 'customer' },
        select: { id: true },
      });
      return row?.id ?? null;
    },

    /** Creates the client or makes it match `settings`. */
    async put(clientId: string, settings: ClientSettings): Promise<void> {
      await prisma.oAuthClient.upsert({ where: { id: clientId }, create: { id: clientId, ...settings }, update: settings });
    },
  };
}

export type ClientStore = ReturnType<typeof createClientStore>;

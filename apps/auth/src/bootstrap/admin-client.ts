import { type Db, hashToken } from '@latchkey/db';

/**
 * The bootstrap admin client from LATCHKEY_ADMIN_CLIENT_ID/_SECRET: a
 * confidential client with client credentials, the admin scopes and
 * introspection of every client's tokens. Its
 * secret follows the environment (a changed secret replaces the old one).
 */
export async function ensureAdminClient(db: Db, clientId: string, clientSecret: string): Promise<void> {
  const data = {
    name: 'Bootstrap admin client',
    type: 'confidential' as const,
    status: 'active' as const,
    secretHash: hashToken(clientSecret),
    grantTypes: ['client_credentials'],
    scopes: ['admin:read', 'admin:write'],
    // The operator's own client introspects every client's tokens (a resource server).
    canIntrospect: true,
  };
  await db.prisma.oAuthClient.upsert({ where: { id: clientId }, create: { id: clientId, ...data }, update: data });
}

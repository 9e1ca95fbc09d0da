import { type ClientSettings, createClientStore, hashToken, type SqlDb } from '@latchkey/db';

/**
 * The bootstrap admin client from LATCHKEY_ADMIN_CLIENT_ID/_SECRET: a
 * confidential client with client credentials, the admin scopes and
 * introspection of every client's tokens. Its
 * secret follows the environment (a changed secret replaces the old one).
 */
export async function ensureAdminClient(db: Pick<SqlDb, 'sql'>, clientId: string, clientSecret: string): Promise<void> {
  const settings: ClientSettings = {
    name: 'Bootstrap admin client',
    type: 'confidential',
    status: 'active',
    secretHash: hashToken(clientSecret),
    grantTypes: ['client_credentials'],
    scopes: ['admin:read', 'admin:write'],
    // The operator's own client introspects every client's tokens (a resource server).
    canIntrospect: true,
  };
  await createClientStore(db).put(clientId, settings);
}

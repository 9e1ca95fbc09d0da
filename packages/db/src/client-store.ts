import type { OAuthClient } from './generated/prisma/client.js';
import { fromEpochMs } from './sql.js';
import type { SqlDb } from './sql-db.js';
import { epochMs, tsParam } from './sql-time.js';

/** The fields of a client the auth server writes itself (the bootstrap admin client). */
export type ClientSettings = {
  name: string;
  type: OAuthClient['type'];
  status?: OAuthClient['status'];
  secretHash?: string | null;
  grantTypes?: string[];
  scopes?: string[];
  canIntrospect?: boolean;
};

// Every column of oauth_clients, named as the OAuthClient model names it; timestamps as epoch ms.
const COLUMNS = `id, name, type::text AS type, subject_type::text AS "subjectType", status::text AS status,
  secret_hash AS "secretHash", ${epochMs('secret_rotated_at')} AS "secretRotatedAt", COALESCE(grant_types, '{}') AS "grantTypes", COALESCE(scopes, '{}') AS scopes,
  COALESCE(redirect_uris, '{}') AS "redirectUris", COALESCE(post_logout_redirect_uris, '{}') AS "postLogoutRedirectUris", COALESCE(cors_origins, '{}') AS "corsOrigins",
  login_token_default AS "loginTokenDefault", can_introspect AS "canIntrospect", login_link_secret_enc AS "loginLinkSecretEnc",
  base_url AS "baseUrl", COALESCE(redirect_allow_list, '{}') AS "redirectAllowList", landing_url AS "landingUrl", login_url AS "loginUrl",
  store_hash AS "storeHash", COALESCE(channel_ids, '{}') AS "channelIds", logout_path AS "logoutPath",
  access_token_ttl_seconds AS "accessTokenTtlSeconds", refresh_token_idle_ttl_seconds AS "refreshTokenIdleTtlSeconds",
  refresh_token_absolute_ttl_seconds AS "refreshTokenAbsoluteTtlSeconds", refresh_reuse_grace_seconds AS "refreshReuseGraceSeconds",
  ${epochMs('created_at')} AS "createdAt", ${epochMs('updated_at')} AS "updatedAt"`;
const BY_ID = `SELECT ${COLUMNS} FROM oauth_clients WHERE id = $1`;
const STOREFRONT_CLIENT = `SELECT id FROM oauth_clients
  WHERE store_hash = $1 AND $2::int = ANY(channel_ids) AND status = 'active' AND type = 'public' AND subject_type = 'customer'
  LIMIT 1`;

type Row = Omit<OAuthClient, 'secretRotatedAt' | 'createdAt' | 'updatedAt'> & {
  secretRotatedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

const toClient = (row: Row): OAuthClient => ({
  ...row,
  secretRotatedAt: fromEpochMs(row.secretRotatedAt),
  createdAt: new Date(Number(row.createdAt)),
  updatedAt: new Date(Number(row.updatedAt)),
});

const PUT = `INSERT INTO oauth_clients (id, name, type, status, secret_hash, grant_types, scopes, can_introspect,
    redirect_uris, post_logout_redirect_uris, cors_origins, redirect_allow_list, created_at, updated_at)
  VALUES ($1, $2, $3::"ClientType", $4::"Status", $5, $6::text[], $7::text[], $8, '{}', '{}', '{}', '{}', ${tsParam('$9')}, ${tsParam('$9')})
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, status = EXCLUDED.status, secret_hash = EXCLUDED.secret_hash,
    grant_types = EXCLUDED.grant_types, scopes = EXCLUDED.scopes, can_introspect = EXCLUDED.can_introspect, updated_at = EXCLUDED.updated_at`;

/** OAuth clients as the auth server reads them (the admin API manages them). */
export function createClientStore(db: Pick<SqlDb, 'sql'>) {
  const { sql } = db;
  return {
    async find(clientId: string): Promise<OAuthClient | null> {
      const [row] = await sql<Row>(BY_ID, [clientId]);
      return row ? toClient(row) : null;
    },

    /** The active customer-directory public client serving a store channel (the admin API keeps it to one). */
    async storefrontClientId(storeHash: string, channelId: number): Promise<string | null> {
      const [row] = await sql<{ id: string }>(STOREFRONT_CLIENT, [storeHash, channelId]);
      return row?.id ?? null;
    },

    /** Creates the client or makes it match `settings`. */
    async put(clientId: string, settings: ClientSettings, now: Date = new Date()): Promise<void> {
      const { name, type, status = 'active', secretHash = null, grantTypes = [], scopes = [], canIntrospect = false } = settings;
      await sql(PUT, [clientId, name, type, status, secretHash, grantTypes, scopes, canIntrospect, now.getTime()]);
    },
  };
}

export type ClientStore = ReturnType<typeof createClientStore>;

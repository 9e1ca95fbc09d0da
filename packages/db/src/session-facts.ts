import { defaultCompanyUserOf } from './default-company-user.js';
import { PAYLOAD_KEYS, PAYLOAD_KINDS, payloadText, type RefreshTokenPayload } from './oidc-payload-shapes.js';
import { payloadLive, storedOidcId } from './oidc-payloads.js';
import { fromEpochMs, type Sql } from './sql.js';
import { epochMs, tsParam } from './sql-time.js';

// What the token endpoint reads about the people and companies behind a
// session, each in one query (see sql.ts for why raw SQL here).

export type ActiveStatus = 'active' | 'disabled';
export type PermissionRow = { key: string; configuration: unknown };

export type CustomerRow = { id: string; reference: string; status: ActiveStatus; emailVerified: boolean };
export type CompanyUserRow = {
  id: string;
  customerId: string;
  status: ActiveStatus;
  company: { id: string; status: ActiveStatus };
  role: { id: string; name: string; permissions: PermissionRow[] } | null;
};
export type CustomerWithCompanyUser = { customer: CustomerRow; companyUser: CompanyUserRow | null };

/** The row shape of FACTS_COLUMNS (the customer columns are null when no customer joined). */
export type FactsRow = {
  id: string;
  reference: string;
  status: ActiveStatus;
  email_verified: boolean;
  cu_id: string | null;
  cu_customer_id: string;
  cu_status: ActiveStatus;
  company_id: string;
  company_status: ActiveStatus;
  role_id: string | null;
  role_name: string;
  permissions: PermissionRow[] | null;
};

/** Columns for a customer `c`, company user `cu`, company `co` and role `r`, as one row (see factsFromRow). */
export const FACTS_COLUMNS = `c.id, c.reference, c.status::text AS status, c.email_verified_at IS NOT NULL AS email_verified,
       cu.id AS cu_id, cu.customer_id AS cu_customer_id, cu.status::text AS cu_status,
       co.id AS company_id, co.status::text AS company_status, r.id AS role_id, r.name AS role_name,
       (SELECT json_agg(json_build_object('key', p.key, 'configuration', p.configuration) ORDER BY p.key)
          FROM company_role_permissions p WHERE p.role_id = r.id) AS permissions`;
/** Joins a company user `cu` to its company and role. */
export const COMPANY_JOINS = `LEFT JOIN companies co ON co.id = cu.company_id LEFT JOIN company_roles r ON r.id = cu.role_id`;

const BY_ID = `SELECT ${FACTS_COLUMNS} FROM customers c LEFT JOIN company_users cu ON cu.id = $2::uuid ${COMPANY_JOINS} WHERE c.id = $1::uuid`;

const BY_DEFAULT = `SELECT ${FACTS_COLUMNS} FROM customers c
  LEFT JOIN company_users cu ON cu.id = ${defaultCompanyUserOf('c.id')}
  ${COMPANY_JOINS} WHERE c.id = $1::uuid`;

/**
 * A customer and a company user (by id, the customer's default with
 * 'default', none with null) with its company, role and the role's
 * permissions, in one statement.
 */
export async function loadCustomerWithCompanyUser(
  sql: Sql,
  customerId: string,
  companyUserId: string | null | 'default',
): Promise<CustomerWithCompanyUser | null> {
  const [row] =
    companyUserId === 'default' ? await sql<FactsRow>(BY_DEFAULT, [customerId]) : await sql<FactsRow>(BY_ID, [customerId, companyUserId]);
  return row ? factsFromRow(row) : null;
}

// BY_ID, and whether an oidc-provider Grant still stands (by the store's rules: oidc-payloads.ts), with its start.
const BY_ID_IN_GRANT = `SELECT ${FACTS_COLUMNS}, g.id IS NOT NULL AS grant_found, g.expires_ms AS grant_expires_ms, g.iat AS grant_iat
  FROM customers c LEFT JOIN company_users cu ON cu.id = $2::uuid ${COMPANY_JOINS}
  LEFT JOIN LATERAL (SELECT id, ${epochMs('expires_at')} AS expires_ms, (${payloadText('payload', PAYLOAD_KEYS.issuedAt)})::float8 AS iat
                       FROM oidc_payloads WHERE kind = '${PAYLOAD_KINDS.grant}' AND id = $3) g ON true
  WHERE c.id = $1::uuid`;

/** A login session (an oidc-provider Grant): when it began and when it ends at the latest (null: never). */
export type StandingGrant = { startedAt: Date; expiresAt: Date | null };

/**
 * The refresh token a company switch stores with the facts it reads: its
 * payload but for what the grant decides (`iiat`, the grant's start, and
 * `exp`), and the bounds of its expiry, as core's refreshTokenExpiry takes them.
 */
export type GrantRefreshToken = {
  value: string;
  payload: Omit<RefreshTokenPayload, 'iiat' | 'exp'>;
  /** The idle bound (core's refreshTokenBounds); it expires then, at the session's start plus `absoluteTtlSeconds` or at the grant's end, whichever comes first. */
  idleUntil: Date;
  absoluteTtlSeconds: number;
};

const RT = PAYLOAD_KINDS.refreshToken;

// BY_ID_IN_GRANT, and the switch's refresh token stored in the same statement when what the caller rules on holds as
// read: the grant stands, and the customer, their company user and its company are active (core's claimsFor). What it
// leaves unstored the caller stores or refuses as before; what it stored and the caller still refuses, the caller
// discards. Expiry as refreshTokenRecord's: exp = floor(min(idle bound, start + absolute TTL, grant's end)), in seconds.
// $4 token id (stored), $5 payload (without iiat, exp), $6 account, $7 client, $8 now (ms), $9 idle bound (ms), $10 absolute TTL (s).
const NOW_S = 'floor($8::float8 / 1000)::bigint';
const BY_ID_IN_GRANT_STORING = `WITH f AS (${BY_ID_IN_GRANT}),
  bounds AS (
    SELECT floor(f.grant_iat)::bigint AS iiat,
           floor(least($9::float8, (f.grant_iat + $10::bigint) * 1000, f.grant_expires_ms) / 1000)::bigint AS exp_s
      FROM f
     WHERE f.grant_found AND f.grant_iat IS NOT NULL AND (f.grant_expires_ms IS NULL OR f.grant_expires_ms > $8::float8)
       AND f.status = 'active' AND f.cu_customer_id = f.id AND f.cu_status = 'active' AND f.company_status = 'active'),
  stored AS (
    INSERT INTO oidc_payloads (id, kind, payload, grant_id, account_id, client_id, expires_at, created_at)
    SELECT $4, '${RT}',
           $5::jsonb || jsonb_build_object('${PAYLOAD_KEYS.sessionStartedAt}', b.iiat, '${PAYLOAD_KEYS.expiresAt}', b.exp_s),
           $3, $6, $7, ${tsParam(`($8::float8 + (b.exp_s - ${NOW_S}) * 1000)`)}, ${tsParam('$8')}
      FROM bounds b WHERE b.exp_s > ${NOW_S}
    ON CONFLICT (kind, id) DO NOTHING
    RETURNING (${payloadText('payload', PAYLOAD_KEYS.expiresAt)})::bigint AS exp_s)
  SELECT f.*, (SELECT exp_s FROM stored) AS stored_exp_s FROM f`;

type InGrantRow = FactsRow & {
  grant_found: boolean;
  grant_expires_ms: number | null;
  grant_iat: number | null;
  stored_exp_s?: string | number | null;
};

export type FactsInGrant = {
  facts: CustomerWithCompanyUser | null;
  grant: StandingGrant | null;
  /** The refresh token asked for, if the statement stored it, with its expiry. */
  stored: { value: string; expiresAt: Date } | null;
};

/**
 * loadCustomerWithCompanyUser by company user id, with the grant (`sid`) of
 * the token presented for it if it still stands (null otherwise), in one
 * statement: a company switch is one read fewer than looking the grant up
 * apart, and continues that grant (its start and end). Given `refreshToken`,
 * the same statement stores it when the switch will stand (see above).
 */
export async function loadCustomerWithCompanyUserInGrant(
  sql: Sql,
  customerId: string,
  companyUserId: string,
  grantId: string,
  now: Date,
  refreshToken?: GrantRefreshToken,
): Promise<FactsInGrant> {
  const grantParam = storedOidcId(PAYLOAD_KINDS.grant, grantId);
  const [row] = refreshToken
    ? await sql<InGrantRow>(BY_ID_IN_GRANT_STORING, [
        customerId,
        companyUserId,
        grantParam,
        storedOidcId(RT, refreshToken.value),
        JSON.stringify(refreshToken.payload),
        refreshToken.payload.accountId,
        refreshToken.payload.clientId,
        now.getTime(),
        refreshToken.idleUntil.getTime(),
        refreshToken.absoluteTtlSeconds,
      ])
    : await sql<InGrantRow>(BY_ID_IN_GRANT, [customerId, companyUserId, grantParam]);
  if (!row) return { facts: null, grant: null, stored: null };
  const stands = row.grant_found && row.grant_iat !== null && payloadLive(row.grant_expires_ms, now);
  const grant = stands ? { startedAt: new Date(Number(row.grant_iat) * 1000), expiresAt: fromEpochMs(row.grant_expires_ms) } : null;
  const stored =
    refreshToken && row.stored_exp_s !== null && row.stored_exp_s !== undefined
      ? { value: refreshToken.value, expiresAt: new Date(Number(row.stored_exp_s) * 1000) }
      : null;
  return { facts: factsFromRow(row), grant, stored };
}

/** Deletes a refresh token stored with the facts whose switch was refused after all. */
export async function discardRefreshToken(sql: Sql, value: string): Promise<void> {
  await sql(`DELETE FROM oidc_payloads WHERE kind = '${RT}' AND id = $1`, [storedOidcId(RT, value)]);
}

/** A FACTS_COLUMNS row as facts; null when no customer was joined. */
export function factsFromRow(row: FactsRow): CustomerWithCompanyUser | null {
  if (!row.id) return null;
  const customer: CustomerRow = { id: row.id, reference: row.reference, status: row.status, emailVerified: row.email_verified };
  if (!row.cu_id) return { customer, companyUser: null };
  return {
    customer,
    companyUser: {
      id: row.cu_id,
      customerId: row.cu_customer_id,
      status: row.cu_status,
      company: { id: row.company_id, status: row.company_status },
      role: row.role_id ? { id: row.role_id, name: row.role_name, permissions: row.permissions ?? [] } : null,
    },
  };
}

/** A staff member's roles, as stored (`StaffRole` values; unknown ones are dropped by whoever rules on them). */
export type AgentRow = { id: string; status: ActiveStatus; roles: StaffRoleName[] };
export type StaffRoleName = 'viewer' | 'editor' | 'impersonator';

export async function loadAgent(sql: Sql, agentId: string): Promise<AgentRow | null> {
  const [row] = await sql<{ id: string; status: ActiveStatus; roles: StaffRoleName[] | null }>(
    'SELECT id, status::text AS status, roles::text[] AS roles FROM agents WHERE id = $1::uuid',
    [agentId],
  );
  return row ? { id: row.id, status: row.status, roles: row.roles ?? [] } : null;
}

/**
 * Whether an anonymous session's login token still stands (not revoked,
 * not deleted, not expired): an anonymous session is the token's, and ends
 * when the token does.
 */
export async function loginTokenStands(sql: Sql, loginTokenId: string, now: Date): Promise<boolean> {
  return (
    (
      await sql(
        `SELECT 1 FROM login_tokens WHERE id = $1::uuid AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${tsParam('$2')})`,
        [loginTokenId, now.getTime()],
      )
    ).length === 1
  );
}

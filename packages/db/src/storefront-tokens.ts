import { uuidv7 } from './ids.js';
import { type OidcPayload, oidcPayloadInsert, oidcPayloadParams } from './oidc-payloads.js';
import type { Sql } from './sql.js';
import { tsParam } from './sql-time.js';

export type NewStorefrontToken = {
  name: string;
  customerId: string;
  companyUserId: string | null;
  clientId: string;
  grantId: string;
  notBefore: Date;
  expiresAt: Date;
  createdAt: Date;
};

/** The session's grant as oidc-provider's storage keeps it (OidcPayloadStore.insertAll's record). */
export type StorefrontTokenGrant = { kind: string; id: string; payload: OidcPayload; expiresInSeconds?: number };

/**
 * Records a named storefront token (its session's grant, never the token)
 * in one raw statement: it is on the storefront-token endpoint's hot path.
 * Given the grant, the same statement stores it: on the embedded
 * database's single connection a second statement waits its turn, and
 * made the door's login one statement longer than the password grant's
 * (which stores its grant and refresh token in one). Answers the new row's id.
 */
export async function insertStorefrontToken(sql: Sql, row: NewStorefrontToken, grant?: StorefrontTokenGrant): Promise<string> {
  const id = uuidv7(row.createdAt.getTime());
  const insert = `INSERT INTO storefront_tokens (id, name, customer_id, company_user_id, client_id, grant_id, not_before, expires_at, created_at)
     VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, $6, ${tsParam('$7')}, ${tsParam('$8')}, ${tsParam('$9')})`;
  const params = [
    id,
    row.name,
    row.customerId,
    row.companyUserId,
    row.clientId,
    row.grantId,
    row.notBefore.getTime(),
    row.expiresAt.getTime(),
    row.createdAt.getTime(),
  ];
  if (!grant) {
    await sql(insert, params);
    return id;
  }
  // A data-modifying WITH runs to completion whether or not the outer statement reads it.
  await sql(`WITH stored_grant AS (${oidcPayloadInsert(10)}) ${insert}`, [
    ...params,
    ...oidcPayloadParams(grant.kind, grant.id, grant.payload, grant.expiresInSeconds, row.createdAt.getTime()),
  ]);
  return id;
}

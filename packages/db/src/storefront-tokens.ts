import { uuidv7 } from './ids.js';
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

/**
 * Records a named storefront token (its session's grant, never the token)
 * in one raw statement: it is on the storefront-token endpoint's hot path,
 * beside the grant's own insert. Answers the new row's id.
 */
export async function insertStorefrontToken(sql: Sql, row: NewStorefrontToken): Promise<string> {
  const id = uuidv7(row.createdAt.getTime());
  await sql(
    `INSERT INTO storefront_tokens (id, name, customer_id, company_user_id, client_id, grant_id, not_before, expires_at, created_at)
     VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, $6, ${tsParam('$7')}, ${tsParam('$8')}, ${tsParam('$9')})`,
    [
      id,
      row.name,
      row.customerId,
      row.companyUserId,
      row.clientId,
      row.grantId,
      row.notBefore.getTime(),
      row.expiresAt.getTime(),
      row.createdAt.getTime(),
    ],
  );
  return id;
}

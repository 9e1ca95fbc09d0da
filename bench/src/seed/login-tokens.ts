import { createLoginToken, type Db, hashToken, LOGIN_TOKEN_PREFIX, randomToken, uuidv7 } from '@latchkey/db';
import { bulkInsert } from './bulk-insert.js';
import { CLIENTS } from './plan.js';

const COLUMNS = [
  { name: 'id', type: 'uuid' },
  { name: 'token_hash', type: 'text' },
  { name: 'client_id', type: 'text' },
  { name: 'customer_id', type: 'uuid' },
  { name: 'company_user_id', type: 'uuid' },
  { name: 'expires_at', type: 'timestamp(3)' },
  { name: 'one_time_use', type: 'boolean' },
  { name: 'created_by', type: 'text' },
  { name: 'created_at', type: 'timestamp(3)' },
  { name: 'updated_at', type: 'timestamp(3)' },
];

import type { Customer } from './world.js';

/**
 * One-time login tokens for company users, valid for two hours. The first
 * two go through createLoginToken itself; the rest are the same rows
 * (randomToken with the lkl_ prefix, stored as hashToken) inserted in
 * multi-row batches (seed/bulk-insert.ts), since one insert per token
 * would take minutes.
 */
export async function seedLoginTokens(db: Db, customers: Customer[], count: number, offset: number): Promise<string[]> {
  const expiresAt = new Date(Date.now() + 2 * 3600_000);
  const tokens: string[] = [];
  for (let i = 0; i < Math.min(2, count); i++) {
    const customer = customers[(offset + i) % customers.length]!;
    const { token } = await createLoginToken(db.prisma, {
      clientId: CLIENTS.storefront,
      companyUserId: customer.defaultCompanyUserId,
      expiresAt,
      oneTimeUse: true,
      createdBy: CLIENTS.admin.id,
    });
    tokens.push(token);
  }
  const rows: unknown[][] = [];
  const now = new Date().toISOString().replace('Z', '');
  const expires = expiresAt.toISOString().replace('Z', '');
  for (let i = tokens.length; i < count; i++) {
    const customer = customers[(offset + i) % customers.length]!;
    const token = randomToken(LOGIN_TOKEN_PREFIX);
    tokens.push(token);
    rows.push([
      uuidv7(),
      hashToken(token),
      CLIENTS.storefront,
      customer.id,
      customer.defaultCompanyUserId,
      expires,
      true,
      CLIENTS.admin.id,
      now,
      now,
    ]);
  }
  await bulkInsert(db, 'login_tokens', COLUMNS, rows);
  return tokens;
}

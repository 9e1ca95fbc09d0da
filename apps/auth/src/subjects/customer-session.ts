import { fail, ok, type Decision } from '@latchkey/core';
import { loadCustomerWithCompanyUser, type Db } from '@latchkey/db';
import { customerClaimsFrom, type SubjectClaims } from './claims.js';
import { isUuid } from './ids.js';
import type { Session } from './session.js';

export type StartedCustomerSession = { session: Extract<Session, { subject: 'customer' }>; claims: SubjectClaims };

const NOT_OWNED = 'company user not found for this customer';

/**
 * A new customer session and its claims, from one statement: the company
 * user asked for (it must be the customer's), else the customer's default,
 * else their only active one, else none.
 */
export async function startCustomerSession(db: Db, customerId: string, requested: string | undefined): Promise<Decision<StartedCustomerSession>> {
  if (requested !== undefined && !isUuid(requested)) return fail('company_user_not_owned', NOT_OWNED);
  const found = await loadCustomerWithCompanyUser(db.sql, customerId, requested ?? 'default');
  if (!found) return fail('customer_disabled', 'customer no longer exists');
  if (requested !== undefined && found.companyUser?.customerId !== customerId) return fail('company_user_not_owned', NOT_OWNED);
  const claims = customerClaimsFrom(found, null);
  if (!claims.ok) return claims;
  return ok({ session: { subject: 'customer', customerId, companyUserId: found.companyUser?.id ?? null }, claims: claims.value });
}

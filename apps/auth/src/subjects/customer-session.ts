import { type Decision, fail, ok } from '@latchkey/core';
import { type CustomerWithCompanyUser, type Db, loadCustomerWithCompanyUser, loadCustomerWithCompanyUserInGrant } from '@latchkey/db';
import { customerClaimsFrom, type SubjectClaims } from './claims.js';
import { isUuid } from './ids.js';
import type { Session } from './session.js';

export type StartedCustomerSession = { session: Extract<Session, { subject: 'customer' }>; claims: SubjectClaims };

const NOT_OWNED = 'company user not found for this customer';

/** A grant the new session is started from, which must still stand (a company switch's subject token). */
export type FromGrant = { grantId: string; now: Date };

async function load(
  db: Db,
  customerId: string,
  requested: string | undefined,
  from: FromGrant | undefined,
): Promise<Decision<CustomerWithCompanyUser | null>> {
  if (!from || requested === undefined) return ok(await loadCustomerWithCompanyUser(db.sql, customerId, requested ?? 'default'));
  const { facts, grantStands } = await loadCustomerWithCompanyUserInGrant(db.sql, customerId, requested, from.grantId, from.now);
  return grantStands ? ok(facts) : fail('session_ended', 'the session of the presented token was revoked or has ended');
}

/**
 * A new customer session and its claims, from one statement: the company
 * user asked for (it must be the customer's), else the customer's default,
 * else their only active one, else none.
 */
export async function startCustomerSession(
  db: Db,
  customerId: string,
  requested: string | undefined,
  from?: FromGrant,
): Promise<Decision<StartedCustomerSession>> {
  if (requested !== undefined && !isUuid(requested)) return fail('company_user_not_owned', NOT_OWNED);
  const loaded = await load(db, customerId, requested, from);
  if (!loaded.ok) return loaded;
  const found = loaded.value;
  if (!found) return fail('customer_disabled', 'customer no longer exists');
  if (requested !== undefined && found.companyUser?.customerId !== customerId) return fail('company_user_not_owned', NOT_OWNED);
  const claims = customerClaimsFrom(found, null);
  if (!claims.ok) return claims;
  return ok({ session: { subject: 'customer', customerId, companyUserId: found.companyUser?.id ?? null }, claims: claims.value });
}

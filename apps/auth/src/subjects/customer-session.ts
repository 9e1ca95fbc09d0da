import { type Decision, fail, ok } from '@latchkey/core';
import type { CustomerWithCompanyUser, SessionCompanyUser, SessionFacts, StandingGrant } from '@latchkey/db';
import { customerClaimsFrom, type SubjectClaims } from './claims.js';
import { isUuid } from './ids.js';
import type { Subject } from './subject.js';

export type StartedCustomerSession = {
  session: Extract<Subject, { subject: 'customer' }>;
  claims: SubjectClaims;
  /** The grant a switch continues (with `from`): its start and end are the new tokens' too. */
  continues?: StandingGrant & { grantId: string };
};

const NOT_OWNED = 'company user not found for this customer';

/** A grant the new session is started from, which must still stand (a company switch's subject token). */
export type FromGrant = { grantId: string; now: Date };

async function load(
  facts: SessionFacts,
  customerId: string,
  requested: string | undefined,
  from: FromGrant | undefined,
): Promise<Decision<{ facts: CustomerWithCompanyUser | null; grant?: StandingGrant }>> {
  if (!from || requested === undefined) return ok({ facts: await facts.customerWithCompanyUser(customerId, requested ?? 'default') });
  const found = await facts.customerWithCompanyUserInGrant(customerId, requested, from.grantId, from.now);
  return found.grant
    ? ok({ facts: found.facts, grant: found.grant })
    : fail('session_ended', 'the session of the presented token was revoked or has ended');
}

/** Which company user to read for a session: the one asked for, else the default; null: the id can name no row. */
export const companyUserToRead = (requested: string | undefined): SessionCompanyUser | null =>
  requested === undefined ? 'default' : isUuid(requested) ? { id: requested } : null;

/**
 * A new customer session and its claims from facts already read (`found`:
 * the customer with the company user `requested`, else their default), as
 * the password grant reads them with its lockout settlement.
 */
export function customerSessionFrom(
  found: CustomerWithCompanyUser | null,
  customerId: string,
  requested: string | undefined,
): Decision<StartedCustomerSession> {
  if (!found) return fail('customer_disabled', 'customer no longer exists');
  if (requested !== undefined && found.companyUser?.customerId !== customerId) return fail('company_user_not_owned', NOT_OWNED);
  const claims = customerClaimsFrom(found, null);
  if (!claims.ok) return claims;
  return ok({ session: { subject: 'customer', customerId, companyUserId: found.companyUser?.id ?? null }, claims: claims.value });
}

/**
 * A new customer session and its claims, from one statement: the company
 * user asked for (it must be the customer's), else the customer's default,
 * else their only active one, else none.
 */
export async function startCustomerSession(
  facts: SessionFacts,
  customerId: string,
  requested: string | undefined,
  from?: FromGrant,
): Promise<Decision<StartedCustomerSession>> {
  if (requested !== undefined && !isUuid(requested)) return fail('company_user_not_owned', NOT_OWNED);
  const loaded = await load(facts, customerId, requested, from);
  if (!loaded.ok) return loaded;
  const started = customerSessionFrom(loaded.value.facts, customerId, requested);
  const { grant } = loaded.value;
  if (!started.ok || !grant || !from) return started;
  return ok({ ...started.value, continues: { ...grant, grantId: from.grantId } });
}

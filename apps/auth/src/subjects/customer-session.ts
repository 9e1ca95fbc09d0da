import { type Decision, fail, ok } from '@latchkey/core';
import type { CustomerWithCompanyUser, GrantRefreshToken, SessionCompanyUser, SessionFacts, StandingGrant } from '@latchkey/db';
import { customerClaimsFrom, type SubjectClaims } from './claims.js';
import { isUuid } from './ids.js';
import type { Subject } from './subject.js';

export type StartedCustomerSession = {
  session: Extract<Subject, { subject: 'customer' }>;
  claims: SubjectClaims;
  /** The grant a switch continues (with `from`): its start and end are the new tokens' too. */
  continues?: StandingGrant & { grantId: string; refreshToken?: StoredRefreshToken };
};

/** The refresh token stored with the facts (`from.refreshToken`), with its expiry. */
type StoredRefreshToken = { value: string; expiresAt: Date };

const NOT_OWNED = 'company user not found for this customer';

/**
 * A grant the new session is started from, which must still stand (a
 * company switch's subject token); with `refreshToken`, the statement that
 * reads the facts also stores it if the session will start.
 */
export type FromGrant = { grantId: string; now: Date; refreshToken?: GrantRefreshToken | undefined };

type Loaded = { found: Decision<{ facts: CustomerWithCompanyUser | null; grant?: StandingGrant }>; stored: StoredRefreshToken | null };

async function load(facts: SessionFacts, customerId: string, requested: string | undefined, from: FromGrant | undefined): Promise<Loaded> {
  if (!from || requested === undefined) {
    return { found: ok({ facts: await facts.customerWithCompanyUser(customerId, requested ?? 'default') }), stored: null };
  }
  const read = await facts.customerWithCompanyUserInGrant(customerId, requested, from.grantId, from.now, from.refreshToken);
  const found = read.grant
    ? ok({ facts: read.facts, grant: read.grant })
    : fail('session_ended', 'the session of the presented token was revoked or has ended');
  return { found, stored: read.stored };
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
  const { found, stored } = await load(facts, customerId, requested, from);
  const started = found.ok ? customerSessionFrom(found.value.facts, customerId, requested) : found;
  if (!started.ok) {
    // The statement stores only what it reads as standing; this is the backstop should the rules here refuse more.
    if (stored) await facts.discardRefreshToken(stored.value);
    return started;
  }
  const grant = found.ok ? found.value.grant : undefined;
  if (!grant || !from) return started;
  return ok({ ...started.value, continues: { ...grant, grantId: from.grantId, ...(stored ? { refreshToken: stored } : {}) } });
}

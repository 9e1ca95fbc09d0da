import { type ActClaim, canImpersonate, canLogIn, claimsFor, type Decision, fail, ok } from '@latchkey/core';
import type { AgentRow, CustomerWithCompanyUser, SessionFacts } from '@latchkey/db';
import { agentFacts, companyUserFacts, customerFacts, roleFacts } from './facts.js';
import type { Subject } from './subject.js';

/** A staff member's token names their roles (read again at every refresh), which rule on its admin scopes. */
export type SubjectClaims = Record<string, unknown> & { sub_type: 'customer' | 'agent' | 'anonymous'; roles?: readonly string[] };

/** A staff member's claims. */
export const agentClaims = (agent: { roles: readonly string[] }): SubjectClaims => ({ sub_type: 'agent', roles: [...agent.roles] });

/**
 * A customer's claims from facts already read (one statement: customer,
 * company user, company, role, permissions), with the acting agent's `act`
 * when an agent acts for the customer.
 */
export function customerClaimsFrom(
  found: CustomerWithCompanyUser,
  act: { claim: ActClaim; agent: AgentRow | null } | null,
): Decision<SubjectClaims> {
  const { customer, companyUser } = found;
  const claims = claimsFor(
    customerFacts(customer),
    companyUser ? companyUserFacts(companyUser) : null,
    roleFacts(companyUser?.role ?? null),
  );
  if (!claims.ok) return claims;
  if (!act) return ok({ sub_type: 'customer', ...claims.value });
  if (!act.agent) return fail('agent_disabled', 'acting agent no longer exists');
  const allowed = canImpersonate({ kind: 'agent', agent: agentFacts(act.agent) }, customerFacts(customer));
  return allowed.ok ? ok({ sub_type: 'customer', ...claims.value, act: allowed.value }) : allowed;
}

type CustomerSubject = Extract<Subject, { subject: 'customer' }>;

/** A locked session says so in its tokens, so a storefront can hide its company switcher. */
export const withLock = (claims: SubjectClaims, locked: boolean | undefined): SubjectClaims =>
  locked ? { ...claims, company_user_locked: true } : claims;

/** A customer session's claims from the facts read for it (null: the customer is gone). */
export function customerSessionClaims(
  session: CustomerSubject,
  found: CustomerWithCompanyUser | null,
  agent: AgentRow | null,
): Decision<SubjectClaims> {
  if (!found) return fail('customer_disabled', 'customer no longer exists');
  if (session.companyUserId && !found.companyUser) return fail('company_user_disabled', 'company user no longer exists');
  const claims = customerClaimsFrom(found, session.act ? { claim: session.act, agent } : null);
  return claims.ok ? ok(withLock(claims.value, session.companyUserLocked)) : claims;
}

async function customerClaims(facts: SessionFacts, session: CustomerSubject): Promise<Decision<SubjectClaims>> {
  const [found, agent] = await Promise.all([
    facts.customerWithCompanyUser(session.customerId, session.companyUserId),
    session.act ? facts.agent(session.act.sub) : null,
  ]);
  return customerSessionClaims(session, found, agent);
}

/**
 * The access token claims of a session, read fresh from the database (one
 * statement, plus one for an acting agent): a refresh after the customer
 * was disabled, the company user removed or the role's permissions changed
 * sees the change. An anonymous session ends with its login token (revoked
 * or expired at `now`).
 */
export async function claimsForSession(facts: SessionFacts, session: Subject, now: Date): Promise<Decision<SubjectClaims>> {
  switch (session.subject) {
    case 'customer':
      return customerClaims(facts, session);
    case 'agent': {
      const agent = await facts.agent(session.agentId);
      if (!agent) return fail('agent_disabled', 'agent no longer exists');
      const allowed = canLogIn({ kind: 'agent', agent: agentFacts(agent) });
      return allowed.ok ? ok(agentClaims(agent)) : allowed;
    }
    case 'anonymous':
      return (await facts.loginTokenStands(session.loginTokenId, now))
        ? ok({ sub_type: 'anonymous' })
        : fail('login_token_revoked', 'anonymous session was revoked or its login token expired');
  }
}

import { type ActClaim, canImpersonate, TokenType } from '@latchkey/core';
import { recordAudit } from '@latchkey/db';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../../deps.js';
import { oauthError, refusal } from '../../oauth/errors.js';
import { agentFacts, customerFacts } from '../../subjects/facts.js';

/**
 * The acting agent of an impersonation: an access token Latchkey issued to
 * an agent, still valid, whose agent policy allows acting for this customer.
 */
export async function resolveActor(deps: AuthDeps, ctx: KoaContextWithOIDC, customerId: string): Promise<ActClaim> {
  const params = ctx.oidc.params as Record<string, string | undefined>;
  if (params.actor_token_type !== TokenType.accessToken) {
    throw oauthError('token_type_unsupported', `actor_token_type must be ${TokenType.accessToken}`);
  }
  const claims = await deps.verifyAccessToken(params.actor_token!).catch(() => {
    throw oauthError('actor_token_invalid', 'actor token is invalid or expired');
  });
  const [agent, found] = await Promise.all([
    claims.sub_type === 'agent' ? deps.facts.agent(claims.sub) : null,
    deps.facts.customerWithCompanyUser(customerId, null),
  ]);
  if (!found) throw oauthError('customer_not_found', 'customer not found');
  const decision = canImpersonate(
    agent ? { kind: 'agent', agent: agentFacts(agent) } : { kind: 'customer', id: claims.sub },
    customerFacts(found.customer),
  );
  if (!decision.ok) throw refusal(decision);
  return decision.value;
}

/** Every impersonation leaves a trace: agent, customer, client, IP, time. */
export async function auditImpersonation(
  deps: AuthDeps,
  ctx: KoaContextWithOIDC,
  act: ActClaim,
  customerId: string,
  details: Record<string, string | null>,
) {
  await recordAudit(deps.db.sql, {
    actorType: 'agent',
    actorId: act.sub,
    action: 'customer.impersonate',
    subjectType: 'customer',
    subjectId: customerId,
    clientId: ctx.oidc.client!.clientId,
    ip: ctx.ip,
    details,
    at: deps.clock(),
  });
}

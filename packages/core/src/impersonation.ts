import { type Decision, fail, ok } from './decision.js';
import type { ActClaim } from './protocol/claims.js';
import type { AgentFacts, CustomerFacts } from './subjects.js';

export type Actor = { kind: 'agent'; agent: AgentFacts } | { kind: 'customer' | 'anonymous'; id: string };

/** Only an active agent with the impersonator role may act as an active customer. */
export function canImpersonate(actor: Actor, subject: CustomerFacts): Decision<ActClaim> {
  if (actor.kind !== 'agent') return fail('actor_not_agent', 'only agents may act for a customer');
  if (actor.agent.status !== 'active') return fail('agent_disabled', 'agent is disabled');
  if (!actor.agent.roles.includes('impersonator')) return fail('agent_not_permitted', 'agent may not act for customers');
  if (subject.status !== 'active') return fail('customer_disabled', 'customer is disabled');
  return ok({ sub: actor.agent.id, sub_type: 'agent' });
}

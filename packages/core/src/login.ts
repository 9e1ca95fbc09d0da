import { type Decision, fail, ok } from './decision.js';
import type { AgentFacts, CustomerFacts } from './subjects.js';

export type LoginSubject = { kind: 'customer'; customer: CustomerFacts } | { kind: 'agent'; agent: AgentFacts };

/**
 * Whether a subject whose password was correct may have tokens. An
 * unverified e-mail is reported only after the password checked out, so
 * the message tells nothing to someone who does not know it.
 */
export function canLogIn(subject: LoginSubject): Decision<LoginSubject> {
  if (subject.kind === 'agent') {
    return subject.agent.status === 'active' ? ok(subject) : fail('agent_disabled', 'agent is disabled');
  }
  if (subject.customer.status !== 'active') return fail('customer_disabled', 'customer is disabled');
  if (!subject.customer.emailVerified) {
    return fail('customer_email_unverified', 'e-mail address is not verified');
  }
  return ok(subject);
}

import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { z } from 'zod';
import type { GlueHandler } from './door.js';
import { issueThroughGrant } from './door.js';
import { GLUE } from './errors.js';
import { bearer, readDocument, replyErrors } from './json-api.js';

const attributes = z.object({
  // Control characters (NUL above all) are in no reference, and PostgreSQL refuses them in text.
  customerReference: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]+$/),
});

// No customer has this id: an unknown reference goes through the exchange like any customer the agent may
// not act for, so the agent's token is judged first and the answer is the one the native grant gives.
const NO_CUSTOMER = '00000000-0000-0000-0000-000000000000';

/**
 * `POST /agent-customer-impersonation-access-tokens`: the agent's access
 * token (`X-Agent-Authorization`) acts for the customer with this
 * reference, through the native token exchange: the token names the
 * customer in `sub` and the agent in `act`, on the impersonation policy, audited.
 */
export const agentCustomerImpersonationAccessTokens: GlueHandler = async (door, ctx, next) => {
  const agent = bearer(ctx.get('x-agent-authorization'));
  if (agent.kind === 'missing') return replyErrors(ctx, [GLUE.agentOnly]);
  if (agent.kind === 'malformed') return replyErrors(ctx, [GLUE.invalidAgentToken]);
  const document = await readDocument(ctx, 'agent-customer-impersonation-access-tokens', attributes);
  if (!document.ok) return replyErrors(ctx, document.errors);
  const customer = await door.deps.facts.customerId({ reference: document.value.customerReference });
  const form = {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: customer ?? NO_CUSTOMER,
    subject_token_type: TokenType.customerId,
    actor_token: agent.token,
    actor_token_type: TokenType.accessToken,
  };
  return issueThroughGrant(door, ctx, next, 'agent-customer-impersonation-access-tokens', form, { withCompanyUser: false });
};

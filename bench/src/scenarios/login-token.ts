import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import type { BenchContext } from '../context.js';
import { CLIENTS } from '../seed/plan.js';
import { checkedRequest, form, formPost, type LatchkeyTarget, latchkeyMeta, pooledRunner } from './latchkey-run.js';
import type { Runner } from './runner.js';

const body = (token: string) => ({
  grant_type: TOKEN_EXCHANGE_GRANT,
  client_id: CLIENTS.storefront,
  subject_token: token,
  subject_token_type: TokenType.loginToken,
});

/** Login-token redemption by token exchange: every request spends a different one-time login token. */
export function loginTokenRunner(ctx: BenchContext, target: LatchkeyTarget, tokens: string[]): Runner {
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'login-token', 'login-token redemption (exchange)'),
    items: tokens,
    check: (token) =>
      checkedRequest(
        'login-token redemption',
        `${target.deployment.authUrl}/token`,
        formPost(body(token)),
        (b) => typeof b.access_token === 'string' && typeof b.refresh_token === 'string' && typeof b.issued_token_type === 'string',
      ),
    request: (take) => ({ method: 'POST', path: '/token', build: () => ({ body: form(body(take())) }) }),
  });
}

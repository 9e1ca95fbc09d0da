import type { BenchContext } from '../context.js';
import type { PasswordUser } from '../seed/plan.js';
import { CLIENTS } from '../seed/plan.js';
import { checkedRequest, form, formPost, type LatchkeyTarget, latchkeyMeta, pooledRunner } from './latchkey-run.js';
import type { Runner } from './runner.js';

const body = (user: PasswordUser) => ({
  grant_type: 'password',
  client_id: CLIENTS.storefront,
  username: user.username,
  password: user.password,
});

/** Password grant (argon2id verify, lockout counters, grant, ES256 access token, refresh token); every request a different customer. */
export function passwordRunner(ctx: BenchContext, target: LatchkeyTarget, users: PasswordUser[]): Runner {
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'password', 'password grant (argon2id)'),
    items: users,
    settings: ctx.slowRun,
    check: (user) =>
      checkedRequest(
        'password grant',
        `${target.deployment.authUrl}/token`,
        formPost(body(user)),
        (b) => typeof b.access_token === 'string' && typeof b.refresh_token === 'string' && typeof b.id_company_user === 'string',
      ),
    request: (take) => ({ method: 'POST', path: '/token', build: () => ({ body: form(body(take())) }) }),
  });
}

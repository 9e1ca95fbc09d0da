import type { BenchContext } from '../context.js';
import { CLIENTS } from '../seed/plan.js';
import { authRunner, checkedRequest, formPost, type LatchkeyTarget, latchkeyMeta } from './latchkey-run.js';
import type { Runner } from './runner.js';

const authorization = `Basic ${Buffer.from(`${CLIENTS.backend.id}:${CLIENTS.backend.secret}`).toString('base64')}`;
const body = 'grant_type=client_credentials';

/** The client-credentials grant of a confidential backend (client_secret_basic): no user, no session, one ES256 JWT. */
export function clientCredentialsRunner(ctx: BenchContext, target: LatchkeyTarget): Runner {
  return {
    ...authRunner(ctx, target),
    meta: latchkeyMeta(target, 'client-credentials', 'client credentials (ES256 JWT)'),
    request: { method: 'POST', path: '/token', headers: { authorization }, build: () => ({ body }) },
    prepare: async () => {
      await checkedRequest(
        'client-credentials',
        `${target.deployment.authUrl}/token`,
        formPost({ grant_type: 'client_credentials' }, { authorization }),
        (b) => typeof b.access_token === 'string' && b.scope === 'orders',
      );
    },
  };
}

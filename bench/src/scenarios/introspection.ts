import type { BenchContext } from '../context.js';
import { createCycle } from '../load/pool.js';
import { CLIENTS } from '../seed/plan.js';
import { authRunner, checkedRequest, formPost, type LatchkeyTarget, latchkeyMeta } from './latchkey-run.js';
import type { Runner } from './runner.js';

const authorization = `Basic ${Buffer.from(`${CLIENTS.backend.id}:${CLIENTS.backend.secret}`).toString('base64')}`;

/** Introspection of (unused, valid) refresh tokens by a confidential client, round robin over a pool. */
export function introspectionRunner(ctx: BenchContext, target: LatchkeyTarget, tokens: string[]): Runner {
  const next = createCycle(tokens);
  return {
    ...authRunner(ctx, target),
    meta: {
      ...latchkeyMeta(target, 'introspection', 'introspection (refresh tokens)'),
      notes: [`${tokens.length} refresh tokens, round robin, token_type_hint=refresh_token`],
    },
    request: {
      method: 'POST',
      path: '/token/introspection',
      headers: { authorization },
      build: () => ({ body: `token=${encodeURIComponent(next())}&token_type_hint=refresh_token` }),
    },
    prepare: async () => {
      await checkedRequest(
        'introspection',
        `${target.deployment.authUrl}/token/introspection`,
        formPost({ token: tokens[0]!, token_type_hint: 'refresh_token' }, { authorization }),
        (b) => b.active === true,
      );
    },
  };
}

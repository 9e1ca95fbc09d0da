import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import type { BenchContext } from '../context.js';
import { createCycle } from '../load/pool.js';
import { CLIENTS, type ExchangeSubject } from '../seed/plan.js';
import { authRunner, checkedRequest, form, formPost, type LatchkeyTarget, latchkeyMeta } from './latchkey-run.js';
import type { Runner } from './runner.js';

export type Subject = { accessToken: string; switchTo: string };

/**
 * Access tokens to exchange, minted right before they are used (they live
 * 15 minutes): each by a refresh of its own pre-minted session,
 * `concurrency` at a time.
 */
export async function mintSubjects(authUrl: string, subjects: ExchangeSubject[], concurrency = 8): Promise<Subject[]> {
  const minted: Subject[] = [];
  let next = 0;
  const worker = async () => {
    while (next < subjects.length) {
      const subject = subjects[next++]!;
      const answer = await checkedRequest(
        'refresh for an exchange subject',
        `${authUrl}/token`,
        formPost({ grant_type: 'refresh_token', client_id: CLIENTS.storefront, refresh_token: subject.refreshToken }),
        (b) => typeof b.access_token === 'string',
      );
      minted.push({ accessToken: String(answer.body.access_token), switchTo: subject.switchTo });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return minted;
}

const body = (subject: Subject) => ({
  grant_type: TOKEN_EXCHANGE_GRANT,
  client_id: CLIENTS.storefront,
  subject_token: subject.accessToken,
  subject_token_type: TokenType.accessToken,
  company_user_id: subject.switchTo,
});

/**
 * Company-user switch by token exchange: a customer's access token for a
 * session in their other company. Subjects are reused round robin (an
 * access token is not spent by an exchange); every exchange starts a new
 * grant with a new refresh token.
 */
export function exchangeRunner(ctx: BenchContext, target: LatchkeyTarget, seeded: ExchangeSubject[]): Runner {
  let next: () => Subject = () => {
    throw new Error('exchange: subjects not minted');
  };
  return {
    ...authRunner(ctx, target),
    meta: {
      ...latchkeyMeta(target, 'exchange', 'token exchange (company-user switch)'),
      notes: [`${seeded.length} subject access tokens, round robin`],
    },
    request: { method: 'POST', path: '/token', build: () => ({ body: form(body(next())) }) },
    prepare: async () => {
      const subjects = await mintSubjects(target.deployment.authUrl, seeded);
      const first = subjects[0];
      if (!first) throw new Error('exchange: no subjects');
      await checkedRequest(
        'company-user switch',
        `${target.deployment.authUrl}/token`,
        formPost(body(first)),
        (b) => typeof b.access_token === 'string' && b.id_company_user === first.switchTo,
      );
      next = createCycle(subjects);
    },
  };
}

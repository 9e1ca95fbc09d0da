import type { Agent } from 'node:http';
import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { type FormAnswer, postFormWith } from '../http/form.js';
import { sendRaw } from '../http/raw-request.js';
import type { Rng } from '../prng.js';

export type SoakWorld = {
  authUrl: string;
  apiUrl: string;
  agent: Agent;
  clientId: string;
  customer: { username: string; password: string };
  /** The customer's company user that is not the default: the target of a company switch. */
  otherCompanyUserId: string;
  introspection: { authorization: string };
  adminToken: string;
  /** A fresh one-time login token for the customer (made in the database, as the admin API would). */
  mintLoginToken(): Promise<string>;
};

export const OPERATIONS = [
  'password',
  'refresh',
  'exchange: login token',
  'exchange: company switch',
  'introspection',
  'admin list',
] as const;
type Operation = (typeof OPERATIONS)[number];
const WEIGHTS: [number, Operation][] = [
  [1, 'password'],
  [4, 'refresh'],
  [1, 'exchange: login token'],
  [1, 'exchange: company switch'],
  [2, 'introspection'],
  [1, 'admin list'],
];

export type SoakResult = { ok: Map<Operation, number>; failed: Map<Operation, number>; examples: string[]; seconds: number };

/** Bounded pools of live tokens the operations draw from and feed. */
function pool(capacity: number, rng: Rng) {
  const items: string[] = [];
  return {
    put(value: string) {
      if (items.length < capacity) items.push(value);
      else items[rng.int(capacity)] = value;
    },
    take(): string | undefined {
      return items.length ? items.splice(rng.int(items.length), 1)[0] : undefined;
    },
    peek(): string | undefined {
      return items.length ? items[rng.int(items.length)] : undefined;
    },
  };
}

/**
 * Mixed traffic for `seconds`: logins, refreshes, both kinds of token
 * exchange, introspection and an admin list, `concurrency` at a time. Every
 * operation is one a healthy server answers with 200; anything else counts
 * as a failure.
 */
export async function runMixedLoad(w: SoakWorld, options: { seconds: number; concurrency: number; rng: Rng }): Promise<SoakResult> {
  const { rng } = options;
  const refreshTokens = pool(500, rng);
  const accessTokens = pool(100, rng);
  const ok = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));
  const failed = new Map<Operation, number>(OPERATIONS.map((op) => [op, 0]));
  const examples: string[] = [];
  const token = (form: Record<string, string>) => postFormWith(w.agent, `${w.authUrl}/token`, { client_id: w.clientId, ...form });
  const keep = (answer: FormAnswer) => {
    if (answer.ok && answer.status === 200) {
      if (typeof answer.body.refresh_token === 'string') refreshTokens.put(answer.body.refresh_token);
      if (typeof answer.body.access_token === 'string') accessTokens.put(answer.body.access_token);
    }
    return answer;
  };
  const login = async () => keep(await token({ grant_type: 'password', username: w.customer.username, password: w.customer.password }));

  const perform = async (op: Operation): Promise<FormAnswer> => {
    switch (op) {
      case 'password':
        return login();
      case 'refresh': {
        const value = refreshTokens.take();
        return value ? keep(await token({ grant_type: 'refresh_token', refresh_token: value })) : login();
      }
      case 'exchange: login token':
        return keep(
          await token({
            grant_type: TOKEN_EXCHANGE_GRANT,
            subject_token: await w.mintLoginToken(),
            subject_token_type: TokenType.loginToken,
          }),
        );
      case 'exchange: company switch': {
        const subject = accessTokens.peek();
        if (!subject) return login();
        return keep(
          await token({
            grant_type: TOKEN_EXCHANGE_GRANT,
            subject_token: subject,
            subject_token_type: TokenType.accessToken,
            company_user_id: w.otherCompanyUserId,
          }),
        );
      }
      case 'introspection': {
        const subject = accessTokens.peek();
        if (!subject) return login();
        const answer = await postFormWith(w.agent, `${w.authUrl}/token/introspection`, { token: subject }, [
          ['Authorization', w.introspection.authorization],
        ]);
        return answer.ok && answer.status === 200 && answer.body.active !== true
          ? { ok: true, status: 599, body: { note: 'introspection says inactive', ...answer.body } }
          : answer;
      }
      case 'admin list': {
        const input = encodeURIComponent(JSON.stringify({ limit: 20, sort: { field: 'createdAt', direction: 'desc' } }));
        const answer = await sendRaw(
          w.apiUrl,
          { method: 'GET', path: `/trpc/loginTokens.list?input=${input}`, headers: [['Authorization', `Bearer ${w.adminToken}`]] },
          { agent: w.agent },
        );
        return answer.ok
          ? { ok: true, status: answer.status, body: answer.status === 200 ? {} : { raw: answer.text.slice(0, 200) } }
          : answer;
      }
    }
  };

  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        const op = rng.weighted(WEIGHTS);
        const answer = await perform(op);
        if (answer.ok && answer.status === 200) {
          ok.set(op, ok.get(op)! + 1);
        } else {
          failed.set(op, failed.get(op)! + 1);
          if (examples.length < 10) examples.push(`${op}: ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }
    }),
  );
  return { ok, failed, examples, seconds: (performance.now() - started) / 1000 };
}

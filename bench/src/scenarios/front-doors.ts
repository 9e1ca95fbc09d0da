import type { BenchContext } from '../context.js';
import { createCycle } from '../load/pool.js';
import { CLIENTS, type ExchangeSubject, type PasswordUser, STORE } from '../seed/plan.js';
import { mintSubjects, type Subject } from './exchange.js';
import { authRunner, type LatchkeyTarget, latchkeyMeta, pooledRunner } from './latchkey-run.js';
import type { Runner } from './runner.js';

// Each door is measured against its native grant (>= 0.95x): the same items spent the same way, the vendor's request shape.
const GLUE = `/glue/${CLIENTS.storefront}`;
const JSON_API = { 'content-type': 'application/vnd.api+json' };
const document = (type: string, attributes: Record<string, string>) => JSON.stringify({ data: { type, attributes } });
const created = (status: number, body: Record<string, unknown>) => status === 201 && typeof body.data === 'object';

/** One door request outside the load, checked (Glue answers 201, B2B Edition 200). */
async function checkedDoor(what: string, url: string, init: RequestInit, ok: (status: number, body: Record<string, unknown>) => boolean) {
  const response = await fetch(url, init);
  const text = await response.text();
  const body = (() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  })();
  if (!ok(response.status, body)) throw new Error(`${what}: unexpected answer ${response.status} ${text.slice(0, 500)}`);
}

const accessTokens = (user: PasswordUser) => document('access-tokens', { username: user.username, password: user.password });

/** Glue `POST /access-tokens`: the password grant through the Spryker door, every request a different customer. */
export function glueAccessTokensRunner(ctx: BenchContext, target: LatchkeyTarget, users: PasswordUser[]): Runner {
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'glue-access-tokens', 'Glue POST /access-tokens (password)'),
    items: users,
    settings: ctx.slowRun,
    check: (user) =>
      checkedDoor(
        'glue access-tokens',
        `${target.deployment.authUrl}${GLUE}/access-tokens`,
        { method: 'POST', headers: JSON_API, body: accessTokens(user) },
        created,
      ),
    request: (take) => ({
      method: 'POST',
      path: `${GLUE}/access-tokens`,
      headers: JSON_API,
      build: () => ({ body: accessTokens(take()) }),
    }),
  });
}

const refreshTokens = (token: string) => document('refresh-tokens', { refreshToken: token });

/** Glue `POST /refresh-tokens`: rotation through the Spryker door, every request a different unused token. */
export function glueRefreshTokensRunner(ctx: BenchContext, target: LatchkeyTarget, tokens: string[]): Runner {
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'glue-refresh-tokens', 'Glue POST /refresh-tokens (rotation)'),
    items: tokens,
    check: (token) =>
      checkedDoor(
        'glue refresh-tokens',
        `${target.deployment.authUrl}${GLUE}/refresh-tokens`,
        { method: 'POST', headers: JSON_API, body: refreshTokens(token) },
        created,
      ),
    request: (take) => ({
      method: 'POST',
      path: `${GLUE}/refresh-tokens`,
      headers: JSON_API,
      build: () => ({ body: refreshTokens(take()) }),
    }),
  });
}

const companyUser = (subject: Subject) => ({
  body: document('company-user-access-tokens', { idCompanyUser: subject.switchTo }),
  headers: { authorization: `Bearer ${subject.accessToken}` },
});

/** Glue `POST /company-user-access-tokens`: the company-user switch through the Spryker door, subjects round robin. */
export function glueCompanyUserRunner(ctx: BenchContext, target: LatchkeyTarget, seeded: ExchangeSubject[]): Runner {
  let next: () => Subject = () => {
    throw new Error('glue company-user: subjects not minted');
  };
  return {
    ...authRunner(ctx, target),
    meta: {
      ...latchkeyMeta(target, 'glue-company-user', 'Glue POST /company-user-access-tokens'),
      notes: [`${seeded.length} subject access tokens, round robin`],
    },
    request: { method: 'POST', path: `${GLUE}/company-user-access-tokens`, headers: JSON_API, build: () => companyUser(next()) },
    prepare: async () => {
      const subjects = await mintSubjects(target.deployment.authUrl, seeded);
      const first = subjects[0];
      if (!first) throw new Error('glue company-user: no subjects');
      const { body, headers } = companyUser(first);
      await checkedDoor(
        'glue company-user',
        `${target.deployment.authUrl}${GLUE}/company-user-access-tokens`,
        { method: 'POST', headers: { ...JSON_API, ...headers }, body },
        created,
      );
      next = createCycle(subjects);
    },
  };
}

const storefrontToken = (user: PasswordUser) =>
  JSON.stringify({ storeHash: STORE.hash, channelId: STORE.channelId, name: 'bench', email: user.username, password: user.password });

/** B2B Edition `POST /api/io/auth/customers`: a named storefront token through the password grant, every request a different customer. */
export function storefrontTokenRunner(ctx: BenchContext, target: LatchkeyTarget, users: PasswordUser[]): Runner {
  const path = '/api/io/auth/customers';
  const headers = { 'content-type': 'application/json' };
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'storefront-token', 'B2B POST /api/io/auth/customers (password)'),
    items: users,
    settings: ctx.slowRun,
    check: (user) =>
      checkedDoor(
        'storefront token',
        `${target.deployment.authUrl}${path}`,
        { method: 'POST', headers, body: storefrontToken(user) },
        (status, body) => status === 200 && body.code === 200,
      ),
    request: (take) => ({ method: 'POST', path, headers, build: () => ({ body: storefrontToken(take()) }) }),
  });
}

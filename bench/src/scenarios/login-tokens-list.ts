import { createAdminClient, type RouterInputs } from '@latchkey/client';
import type { BenchContext } from '../context.js';
import { createCycle } from '../load/pool.js';
import { CLIENTS, type SeedResult } from '../seed/plan.js';
import { checkedRequest, formPost, type LatchkeyTarget, latchkeyMeta } from './latchkey-run.js';
import type { Runner } from './runner.js';

type ListInput = Exclude<RouterInputs['loginTokens']['list'], void>;

const DAY = 24 * 3600_000;

/**
 * The back office's Login Tokens screen: the default page, by customer, by
 * company user, open company-user tokens, one client's one-time tokens by
 * expiry, tokens with failed attempts by last access, anonymous tokens of a
 * week, and the second page of the default list.
 */
function queries(list: SeedResult['list'], now: number, secondPageCursor: string | null): ListInput[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const inputs: ListInput[] = [];
  for (let i = 0; i < 16; i++) {
    const customerId = list.customerIds[(i * 7) % list.customerIds.length]!;
    const companyUserId = list.companyUserIds[(i * 11) % list.companyUserIds.length]!;
    inputs.push(
      {},
      { customerId },
      { companyUserId },
      { subjectType: 'company_user', revoked: false, expiresAt: { from: iso(now) } },
      {
        clientId: list.clientIds[1 + (i % (list.clientIds.length - 1))]!,
        oneTimeUse: true,
        sort: { field: 'expiresAt', direction: 'asc' },
      },
      { failedAttempts: { op: 'gte', value: 1 }, sort: { field: 'lastAccessedAt', direction: 'desc' } },
      { subjectType: 'anonymous', createdAt: { from: iso(now - (8 + i) * DAY), to: iso(now - (1 + i) * DAY) } },
      ...(secondPageCursor ? [{ cursor: secondPageCursor }] : []),
    );
  }
  return inputs;
}

const pathOf = (input: ListInput) => `/trpc/loginTokens.list?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * `loginTokens.list` over the seeded rows: checked once per filter shape
 * through the typed admin client (packages/client), then loaded with
 * autocannon as plain tRPC GETs carrying the admin client's bearer token.
 * A second runner on one connection shows the latency without queueing.
 */
export function loginTokensListRunners(ctx: BenchContext, target: LatchkeyTarget, list: SeedResult['list']): Runner[] {
  const { authUrl, apiUrl, issuer } = target.deployment;
  const headers: Record<string, string> = {};
  let next: () => string = () => pathOf({});
  const meta = latchkeyMeta(target, 'login-tokens-list', `loginTokens.list, filters, ${list.rows.toLocaleString('en-US')} rows`, 'api');
  const request = { method: 'GET' as const, path: pathOf({}), headers, build: () => ({ path: next() }) };
  const common = { url: apiUrl, settings: ctx.run, ...(target.databasePids ? { databasePids: target.databasePids } : {}), request };
  return [
    {
      ...common,
      meta: { ...meta, notes: ['8 filter shapes, 16 variants each, limit 50'] },
      pid: target.deployment.api.pid,
      prepare: async () => {
        const admin = createAdminClient({
          url: apiUrl,
          issuer,
          clientId: CLIENTS.admin.id,
          clientSecret: CLIENTS.admin.secret,
          scope: 'admin:read',
          batch: false,
        });
        const firstPage = await admin.loginTokens.list.query({});
        const inputs = queries(list, Date.now(), firstPage.nextCursor);
        for (const input of inputs.slice(0, 8)) await admin.loginTokens.list.query(input);
        const basic = `Basic ${Buffer.from(`${CLIENTS.admin.id}:${CLIENTS.admin.secret}`).toString('base64')}`;
        const token = await checkedRequest(
          'admin token',
          `${authUrl}/token`,
          formPost({ grant_type: 'client_credentials', scope: 'admin:read' }, { authorization: basic }),
          (b) => typeof b.access_token === 'string',
        );
        headers.authorization = `Bearer ${String(token.body.access_token)}`;
        next = createCycle(inputs.map(pathOf));
      },
    },
    {
      ...common,
      meta: {
        ...meta,
        variant: 'single-connection',
        label: `${meta.label}, 1 connection`,
        notes: ['latency without queueing: one request at a time'],
      },
      connections: 1,
      skipWarmup: true,
    },
  ];
}

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
function filterQueries(list: SeedResult['list'], now: number, secondPageCursor: string | null): ListInput[] {
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

/**
 * The user picker's search on the screen: one customer by e-mail, a name
 * with its number, a company, the broad "bench" (every customer), each
 * alone and with a filter the screen combines with it.
 */
function searchQueries(): ListInput[] {
  const inputs: ListInput[] = [];
  for (let i = 0; i < 16; i++) {
    const n = (i * 13) % 200;
    inputs.push(
      { search: `customer-${String(n).padStart(7, '0')}` },
      { search: `customer ${n}` },
      { search: `company ${String(n % 10).padStart(4, '0')}` },
      { search: 'bench' },
      { search: `customer-${String(n).padStart(7, '0')}`, oneTimeUse: true, sort: { field: 'expiresAt', direction: 'desc' } },
      { search: 'bench', failedAttempts: { op: 'gte', value: 1 } },
    );
  }
  return inputs;
}

/** Every sort in both directions, unfiltered and with a filter. */
function sortQueries(): ListInput[] {
  const fields = ['createdAt', 'updatedAt', 'expiresAt', 'lastAccessedAt', 'successfulAttempts', 'failedAttempts'] as const;
  return fields.flatMap((field) =>
    (['asc', 'desc'] as const).flatMap((direction): ListInput[] => [
      { sort: { field, direction } },
      { sort: { field, direction }, oneTimeUse: false, revoked: false },
    ]),
  );
}

/** The three mixes measured: screen filters, searches, sorts. */
const MIXES = {
  filters: { notes: '8 filter shapes, 16 variants each, limit 50', inputs: filterQueries },
  search: { notes: '6 search shapes (e-mail, name, company, broad; with filters), 16 variants each, limit 50', inputs: searchQueries },
  sorts: { notes: '6 sort fields in both directions, unfiltered and filtered, limit 50', inputs: sortQueries },
} as const;

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
  const rows = `${list.rows.toLocaleString('en-US')} rows`;
  const common = { url: apiUrl, settings: ctx.run, ...(target.databasePids ? { databasePids: target.databasePids } : {}) };
  const cycles = new Map<keyof typeof MIXES, () => string>();
  const request = (mix: keyof typeof MIXES) => ({
    method: 'GET' as const,
    path: pathOf({}),
    headers,
    build: () => ({ path: (cycles.get(mix) ?? (() => pathOf({})))() }),
  });
  // Checked once per filter shape through the typed client, then every mix's inputs are ready.
  const prepare = async () => {
    const admin = createAdminClient({
      url: apiUrl,
      issuer,
      clientId: CLIENTS.admin.id,
      clientSecret: CLIENTS.admin.secret,
      scope: 'admin:read',
      batch: false,
    });
    const firstPage = await admin.loginTokens.list.query({});
    for (const [mix, { inputs }] of Object.entries(MIXES) as [keyof typeof MIXES, (typeof MIXES)[keyof typeof MIXES]][]) {
      const all = inputs(list, Date.now(), firstPage.nextCursor);
      for (const input of all.slice(0, 12)) await admin.loginTokens.list.query(input);
      cycles.set(mix, createCycle(all.map(pathOf)));
    }
    const basic = `Basic ${Buffer.from(`${CLIENTS.admin.id}:${CLIENTS.admin.secret}`).toString('base64')}`;
    const token = await checkedRequest(
      'admin token',
      `${authUrl}/token`,
      formPost({ grant_type: 'client_credentials', scope: 'admin:read' }, { authorization: basic }),
      (b) => typeof b.access_token === 'string',
    );
    headers.authorization = `Bearer ${String(token.body.access_token)}`;
  };
  const runners: Runner[] = (Object.keys(MIXES) as (keyof typeof MIXES)[]).map((mix, i) => ({
    ...common,
    request: request(mix),
    meta: { ...latchkeyMeta(target, 'login-tokens-list', `loginTokens.list, ${mix}, ${rows}`, 'api'), notes: [MIXES[mix].notes] },
    pid: target.deployment.api.pid,
    ...(i === 0 ? { prepare } : {}),
  }));
  const { prepare: _once, ...filters } = runners[0]!;
  return [
    ...runners,
    {
      ...filters,
      meta: {
        ...filters.meta,
        variant: 'single-connection',
        label: `${filters.meta.label}, 1 connection`,
        notes: ['latency without queueing: one request at a time'],
      },
      connections: 1,
      skipWarmup: true,
    },
  ];
}

import { randomUUID } from 'node:crypto';
import { type Context, createCaller } from '@latchkey/api';
import {
  createAgent,
  createClient,
  createCompanyUser,
  createCustomer,
  manualClock,
  postForm,
  type RunningAuth,
  startAuthServer,
  TEST_SECRET_KEY,
} from '@latchkey/auth/testing';
import { defaultPolicy, type Policy, type PolicyInput, parsePolicy, TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken, createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every key of the token policy either changes what Latchkey does or is refused at start
// (packages/runtime/test/policy-file.test.ts): a setting nothing reads is a lie to the
// operator who sets it. Each probe runs the same scenario against a server with the
// baseline policy and one with the key changed, over real HTTP (the api's procedures for
// the keys the api reads), and the two must observe different outcomes.

const CHEAP = { passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } };
const LINK_SECRET = 'policy-walk-link-secret-0123456789abcdef';
const box = createSecretBox(TEST_SECRET_KEY);
let db: TestDb;
let runs = 0;

type World = {
  auth: RunningAuth;
  policy: Policy;
  clock: ReturnType<typeof manualClock>;
  /** This run's own names, so no run sees another's counters or tokens. */
  tag: string;
  ip: Record<string, string>;
  customerId: string;
  companyUserIds: [string, string];
  token(form: Record<string, string>, headers?: Record<string, string>): ReturnType<typeof postForm>;
  password(password?: string, username?: string): ReturnType<typeof postForm>;
  admin(): ReturnType<typeof createCaller>;
};

type Probe = {
  /** The policy both runs start from (CHEAP and the defaults otherwise). */
  baseline?: (tag: string) => PolicyInput;
  change: (tag: string) => PolicyInput;
  observe: (world: World) => Promise<unknown>;
  /** What the baseline run observes, and what the changed run must. */
  expect: [unknown, unknown];
};

const merge = (...inputs: PolicyInput[]): PolicyInput => {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    for (const [key, value] of Object.entries(input)) {
      const before = out[key];
      out[key] =
        value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object'
          ? merge(before as PolicyInput, value as PolicyInput)
          : value;
    }
  }
  return out as PolicyInput;
};

async function world(input: (tag: string) => PolicyInput): Promise<World> {
  runs += 1;
  const tag = `walk-${runs}`;
  const policy = parsePolicy(merge(CHEAP, input(tag)));
  const exchange = ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT];
  await createClient(db, {
    id: tag,
    grantTypes: exchange,
    scopes: ['storefront', 'punchout'],
    extra: { loginLinkSecretEnc: box.seal(LINK_SECRET) },
  });
  await createClient(db, { id: `${tag}-agents`, subjectType: 'agent', grantTypes: exchange });
  const customer = await createCustomer(db, { email: `${tag}@example.com`, reference: `REF-${tag}`, policy: parsePolicy(CHEAP) });
  const first = await createCompanyUser(db, customer.id, { companyName: `${tag} A` });
  const second = await createCompanyUser(db, customer.id, { isDefault: false, companyName: `${tag} B` });
  await createAgent(db, { email: `${tag}-agent@example.com`, roles: ['impersonator'] });
  const clock = manualClock();
  const auth = await startAuthServer(db, { policy, clock: clock.now, trustProxy: true, clientCacheMs: 0 });
  closers.push(auth.close);
  const ip = { 'x-forwarded-for': `198.51.${Math.floor(runs / 250)}.${runs % 250}` };
  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${auth.url}/token`, { client_id: tag, ...form }, { ...ip, ...headers });
  return {
    auth,
    policy,
    clock,
    tag,
    ip,
    customerId: customer.id,
    companyUserIds: [first.companyUser.id, second.companyUser.id],
    token,
    password: (password = 'change123', username = `${tag}@example.com`) => token({ grant_type: 'password', username, password }),
    admin: () => createCaller(adminContext(policy, clock.now)),
  };
}
const adminContext = (policy: Policy, clock: () => Date): Context => ({
  db,
  policy,
  secretBox: box,
  clock,
  identity: { clientId: 'walk-admin', scopes: ['admin:read', 'admin:write'] },
  ip: '203.0.113.7',
});
const closers: (() => Promise<void>)[] = [];

const outcome = (res: { status: number; body: Record<string, unknown> }) => res.body.latchkey_code ?? res.status;
const refreshToken = async (w: World) => String((await w.password()).body.refresh_token);
const refresh = (w: World, token: string) => w.token({ grant_type: 'refresh_token', refresh_token: token });
const agentAccessToken = async (w: World) =>
  String(
    (
      await w.token({
        grant_type: 'password',
        client_id: `${w.tag}-agents`,
        username: `${w.tag}-agent@example.com`,
        password: 'agent-pass-1',
      })
    ).body.access_token,
  );
const impersonate = async (w: World) =>
  w.token({
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: w.customerId,
    subject_token_type: TokenType.customerId,
    actor_token: await agentAccessToken(w),
    actor_token_type: TokenType.accessToken,
  });
const loginToken = (w: World, over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
  createLoginToken(db.prisma, {
    clientId: w.tag,
    customerId: w.customerId,
    expiresAt: new Date(w.clock.now().getTime() + 3_600_000),
    oneTimeUse: true,
    ...over,
  });
const redeem = (w: World, token: string, type: string = TokenType.loginToken) =>
  w.token({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: token, subject_token_type: type });
const signedLogin = (w: World, claims: Record<string, unknown>) =>
  new SignJWT({
    iss: w.tag,
    iat: Math.floor(w.clock.now().getTime() / 1000),
    jti: randomUUID(),
    operation: 'customer_login',
    store_hash: 'abc',
    customer_id: w.customerId,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(LINK_SECRET));
const refusalCode = async (call: Promise<unknown>): Promise<string> => {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code);
  }
};
/** Wrong passwords, then the right one: what the account (or IP) lockout says. */
const failThenSucceed = async (w: World, names: string[], between?: () => void) => {
  for (const [i, name] of names.entries()) {
    if (i > 0) between?.();
    await w.password('wrong-password', name);
  }
  return w.password();
};
const lockedTwiceRetryAfter = async (w: World) => {
  const me = `${w.tag}@example.com`;
  await failThenSucceed(w, [me, me]);
  w.clock.advance(61);
  await w.password('wrong-password', me);
  return (await w.password()).headers.get('retry-after');
};
const hashParameters = async (w: World) => {
  await w.password();
  const row = await db.prisma.customer.findUniqueOrThrow({ where: { id: w.customerId } });
  return /m=\d+,t=\d+,p=\d+/.exec(row.passwordHash ?? '')?.[0];
};
const TWO_FAILURES = { lockout: { account: { maxFailures: 2 } } };
/** BigCommerce B2B's storefront token for this run's customer: its lifetime in hours. */
const storefrontTokenHours = async (w: World, endAt?: number) => {
  await db.prisma.oAuthClient.update({ where: { id: w.tag }, data: { storeHash: w.tag, channelIds: [1] } });
  const res = await fetch(`${w.auth.url}/api/io/auth/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...w.ip },
    body: JSON.stringify({ storeHash: w.tag, channelId: 1, name: 'walk', email: `${w.tag}@example.com`, password: 'change123', endAt }),
  });
  const token = ((await res.json()) as { data?: { token?: string } }).data?.token ?? '';
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as { exp?: number };
  return claims.exp === undefined ? res.status : Math.round((claims.exp - w.clock.now().getTime() / 1000) / 3600);
};

const probes: Record<string, Probe> = {
  'accessToken.ttlSeconds': {
    expect: [900, 60],
    change: () => ({ accessToken: { ttlSeconds: 60 } }),
    observe: async (w) => (await w.password()).body.expires_in,
  },
  'refreshToken.idleTtlSeconds': {
    expect: [200, 'refresh_token_invalid'],
    change: () => ({ refreshToken: { idleTtlSeconds: 60 } }),
    observe: async (w) => {
      const token = await refreshToken(w);
      w.clock.advance(61);
      return outcome(await refresh(w, token));
    },
  },
  'refreshToken.absoluteTtlSeconds': {
    expect: [200, 'refresh_token_invalid'],
    baseline: () => ({ refreshToken: { idleTtlSeconds: 60 } }),
    change: () => ({ refreshToken: { idleTtlSeconds: 60, absoluteTtlSeconds: 100 } }),
    observe: async (w) => {
      let token = await refreshToken(w);
      w.clock.advance(50);
      token = String((await refresh(w, token)).body.refresh_token);
      w.clock.advance(51);
      return outcome(await refresh(w, token));
    },
  },
  'refreshToken.reuseGraceSeconds': {
    expect: [200, 'refresh_reuse_detected'],
    change: () => ({ refreshToken: { reuseGraceSeconds: 0 } }),
    observe: async (w) => {
      const token = await refreshToken(w);
      await refresh(w, token);
      return outcome(await refresh(w, token));
    },
  },
  clients: {
    expect: [900, 120],
    change: (tag) => ({ clients: { [tag]: { accessTokenTtlSeconds: 120 } } }),
    observe: async (w) => (await w.password()).body.expires_in,
  },
  'impersonation.accessTokenTtlSeconds': {
    expect: [300, 60],
    change: () => ({ impersonation: { accessTokenTtlSeconds: 60 } }),
    observe: async (w) => (await impersonate(w)).body.expires_in,
  },
  'impersonation.allowRefresh': {
    expect: ['undefined', 'string'],
    change: () => ({ impersonation: { allowRefresh: true } }),
    observe: async (w) => typeof (await impersonate(w)).body.refresh_token,
  },
  'impersonation.sessionTtlSeconds': {
    expect: [200, 'refresh_token_invalid'],
    baseline: () => ({ impersonation: { allowRefresh: true } }),
    change: () => ({ impersonation: { allowRefresh: true, sessionTtlSeconds: 120 } }),
    observe: async (w) => {
      const started = await impersonate(w);
      w.clock.advance(121);
      return outcome(await refresh(w, String(started.body.refresh_token)));
    },
  },
  'loginToken.defaultLifetimeSeconds': {
    expect: [30 * 86400_000, 3600_000],
    change: () => ({ loginToken: { defaultLifetimeSeconds: 3600 } }),
    observe: async (w) => {
      const created = await w.admin().loginTokens.create({ clientId: w.tag, customerId: w.customerId });
      return new Date(String(created.expiresAt)).getTime() - w.clock.now().getTime();
    },
  },
  'loginToken.maxLifetimeSeconds': {
    expect: ['ok', 'login_token_lifetime_exceeded'],
    baseline: () => ({ loginToken: { defaultLifetimeSeconds: 86400 } }),
    change: () => ({ loginToken: { defaultLifetimeSeconds: 86400, maxLifetimeSeconds: 7 * 86400 } }),
    observe: (w) =>
      refusalCode(
        w
          .admin()
          .loginTokens.create({ clientId: w.tag, customerId: w.customerId, expiresAt: new Date(w.clock.now().getTime() + 20 * 86400_000) }),
      ),
  },
  'loginToken.requireExpiry': {
    expect: ['ok', 'login_token_expiry_required'],
    change: () => ({ loginToken: { requireExpiry: true } }),
    observe: (w) => refusalCode(w.admin().loginTokens.create({ clientId: w.tag, customerId: w.customerId, expiresAt: null })),
  },
  'loginToken.defaultOneTimeUse': {
    expect: [true, false],
    change: () => ({ loginToken: { defaultOneTimeUse: false } }),
    observe: async (w) => (await w.admin().loginTokens.create({ clientId: w.tag, customerId: w.customerId })).oneTimeUse,
  },
  'loginToken.lockCompanyUser': {
    expect: [200, 'company_user_locked'],
    change: () => ({ loginToken: { lockCompanyUser: true } }),
    observe: async (w) => {
      const { token } = await w.admin().loginTokens.create({ clientId: w.tag, companyUserId: w.companyUserIds[0] });
      const session = await redeem(w, token);
      const switched = await w.token({
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: String(session.body.access_token),
        subject_token_type: TokenType.accessToken,
        company_user_id: w.companyUserIds[1],
      });
      return outcome(switched);
    },
  },
  'loginToken.anonymousScopes': {
    expect: ['punchout', 'storefront'],
    change: () => ({ loginToken: { anonymousScopes: ['storefront'] } }),
    observe: async (w) => (await redeem(w, (await loginToken(w, { customerId: null })).token)).body.scope,
  },
  'loginToken.browserSessionTtlSeconds': {
    expect: [60, 10],
    change: () => ({ loginToken: { browserSessionTtlSeconds: 600 } }),
    observe: async (w) => {
      const res = await fetch(`${w.auth.url}/login/token/${(await loginToken(w)).token}`, { redirect: 'manual', headers: w.ip });
      const cookie = res.headers.getSetCookie().find((line) => line.startsWith('_session='));
      const expires = /expires=([^;]+)/i.exec(cookie ?? '')?.[1];
      return expires ? Math.round((new Date(expires).getTime() - Date.now()) / 60_000) : null;
    },
  },
  'signedLogin.iatWindowSeconds': {
    expect: ['signed_login_iat_too_old', 200],
    change: () => ({ signedLogin: { iatWindowSeconds: 300 } }),
    observe: async (w) =>
      outcome(await redeem(w, await signedLogin(w, { iat: Math.floor(w.clock.now().getTime() / 1000) - 100 }), TokenType.jwt)),
  },
  'signedLogin.clockSkewSeconds': {
    expect: [200, 'signed_login_iat_in_future'],
    change: () => ({ signedLogin: { clockSkewSeconds: 0 } }),
    observe: async (w) =>
      outcome(await redeem(w, await signedLogin(w, { iat: Math.floor(w.clock.now().getTime() / 1000) + 3 }), TokenType.jwt)),
  },
  'signedLogin.operation': {
    expect: [200, 'signed_login_wrong_operation'],
    change: () => ({ signedLogin: { operation: 'shop_login' } }),
    observe: async (w) => outcome(await redeem(w, await signedLogin(w, {}), TokenType.jwt)),
  },
  'storefrontToken.ttlSeconds': {
    expect: [24, 1],
    change: () => ({ storefrontToken: { ttlSeconds: 3600 } }),
    observe: (w) => storefrontTokenHours(w),
  },
  'storefrontToken.maxTtlSeconds': {
    expect: [30 * 24, 7 * 24],
    change: () => ({ storefrontToken: { maxTtlSeconds: 7 * 86400 } }),
    observe: (w) => storefrontTokenHours(w, Math.floor(w.clock.now().getTime() / 1000) + 40 * 86400),
  },
  'lockout.account.maxFailures': {
    expect: [200, 'account_locked'],
    change: () => TWO_FAILURES,
    observe: async (w) => outcome(await failThenSucceed(w, [`${w.tag}@example.com`, `${w.tag}@example.com`])),
  },
  'lockout.account.windowSeconds': {
    expect: ['account_locked', 200],
    baseline: () => TWO_FAILURES,
    change: () => ({ lockout: { account: { maxFailures: 2, windowSeconds: 10 } } }),
    observe: async (w) => outcome(await failThenSucceed(w, [`${w.tag}@example.com`, `${w.tag}@example.com`], () => w.clock.advance(20))),
  },
  'lockout.ip.maxFailures': {
    expect: [200, 'ip_locked'],
    change: () => ({ lockout: { ip: { maxFailures: 2 } } }),
    observe: async (w) => outcome(await failThenSucceed(w, [`${w.tag}-x@example.com`, `${w.tag}-y@example.com`])),
  },
  'lockout.ip.windowSeconds': {
    expect: ['ip_locked', 200],
    baseline: () => ({ lockout: { ip: { maxFailures: 2 } } }),
    change: () => ({ lockout: { ip: { maxFailures: 2, windowSeconds: 10 } } }),
    observe: async (w) =>
      outcome(await failThenSucceed(w, [`${w.tag}-x@example.com`, `${w.tag}-y@example.com`], () => w.clock.advance(20))),
  },
  'lockout.backoff.baseSeconds': {
    expect: ['60', '10'],
    baseline: () => TWO_FAILURES,
    change: () => merge(TWO_FAILURES, { lockout: { backoff: { baseSeconds: 10 } } }),
    observe: async (w) => (await failThenSucceed(w, [`${w.tag}@example.com`, `${w.tag}@example.com`])).headers.get('retry-after'),
  },
  'lockout.backoff.factor': {
    expect: ['120', '180'],
    baseline: () => TWO_FAILURES,
    change: () => merge(TWO_FAILURES, { lockout: { backoff: { factor: 3 } } }),
    observe: lockedTwiceRetryAfter,
  },
  'lockout.backoff.maxSeconds': {
    expect: ['120', '90'],
    baseline: () => TWO_FAILURES,
    change: () => merge(TWO_FAILURES, { lockout: { backoff: { maxSeconds: 90 } } }),
    observe: lockedTwiceRetryAfter,
  },
  'passwordHash.memoryCost': {
    expect: ['m=1024,t=1,p=1', 'm=2048,t=1,p=1'],
    change: () => ({ passwordHash: { memoryCost: 2048 } }),
    observe: hashParameters,
  },
  'passwordHash.timeCost': {
    expect: ['m=1024,t=1,p=1', 'm=1024,t=2,p=1'],
    change: () => ({ passwordHash: { timeCost: 2 } }),
    observe: hashParameters,
  },
  'passwordHash.parallelism': {
    expect: ['m=1024,t=1,p=1', 'm=1024,t=1,p=2'],
    change: () => ({ passwordHash: { parallelism: 2 } }),
    observe: hashParameters,
  },
};

/** Every setting of the policy schema by its path (a record like `clients` is one setting). */
function settingsOf(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value) || prefix === 'clients') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => settingsOf(inner, prefix ? `${prefix}.${key}` : key));
}

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  for (const close of closers) await close();
  await db?.dispose();
});

describe('every key of the token policy', () => {
  it('has a probe here, and nothing else does', () => {
    expect(Object.keys(probes).sort()).toEqual(settingsOf(defaultPolicy).sort());
  });

  it.each(Object.entries(probes))('%s changes what Latchkey does', async (_key, probe) => {
    const baseline = await probe.observe(await world((tag) => probe.baseline?.(tag) ?? {}));
    const changed = await probe.observe(await world((tag) => merge(probe.baseline?.(tag) ?? {}, probe.change(tag))));
    expect([baseline, changed]).toEqual(probe.expect);
  });
});

import { parsePolicy, TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken, hashToken, type Sql } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, postForm, type RunningAuth, startAuthServer } from '../src/testing.js';

// What a company switch and a login-token redemption cost the database: a switch reads the customer, company user
// and grant and stores its refresh token in one statement (session-facts.ts), a redemption reads the token and
// counts its success in one (login-tokens.ts) and stores the session in a second. Every statement the server runs
// is recorded through the real database; the clients are cached, so these are all there is.
const policy = parsePolicy({});
let db: TestDb;
let server: RunningAuth;
let statements: string[] = [];
const ids = { customer: '', acme: '', other: '', disabled: '' };

beforeAll(async () => {
  db = await createTestDb();
  const grantTypes = ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT];
  await createClient(db, { grantTypes, overrides: { refreshTokenIdleTtlSeconds: 3600, refreshTokenAbsoluteTtlSeconds: 7200 } });
  await createClient(db, { id: 'no-refresh', grantTypes: ['password', TOKEN_EXCHANGE_GRANT] });
  const customer = await createCustomer(db);
  ids.customer = customer.id;
  ids.acme = (await createCompanyUser(db, customer.id)).companyUser.id;
  ids.other = (await createCompanyUser(db, customer.id, { isDefault: false, companyName: 'Other' })).companyUser.id;
  ids.disabled = (await createCompanyUser(db, customer.id, { isDefault: false, companyName: 'Off' })).companyUser.id;
  await db.prisma.companyUser.update({ where: { id: ids.disabled }, data: { status: 'disabled' } });
  const sql: Sql = (text, params) => {
    statements.push(text.replace(/\s+/g, ' ').trim());
    return db.sql(text, params);
  };
  server = await startAuthServer(db, { db: { ...db, sql }, policy, clientCacheMs: 60_000, keyRefreshIntervalMs: 3_600_000 });
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const SWITCH_STORING = 'switch, storing its refresh token';
const SWITCH_READ = 'switch, reading only';
const REDEEM = 'redemption, counting its success';
const COUNT_FAILURE = 'a failure counted';
const STORE_SESSION = 'session stored';
const label = (text: string): string => {
  if (text.startsWith('WITH f AS (SELECT') && text.includes('INSERT INTO oidc_payloads')) return SWITCH_STORING;
  if (text.startsWith('SELECT c.id') && text.includes("kind = 'Grant'")) return SWITCH_READ;
  if (text.startsWith('WITH f AS (SELECT lt.id')) return REDEEM;
  if (text.startsWith('UPDATE login_tokens SET failed_attempts')) return COUNT_FAILURE;
  if (text.startsWith('INSERT INTO oidc_payloads (id,')) return STORE_SESSION;
  return text.slice(0, 60);
};

const post = async (form: Record<string, string>) => {
  statements = [];
  const answer = await postForm(`${server.url}/token`, form);
  return { ...answer, statements: statements.map(label) };
};
const login = async (clientId = 'storefront') =>
  (await post({ grant_type: 'password', client_id: clientId, username: 'sonia@example.com', password: 'change123' })).body as Record<
    string,
    string
  >;
const switchTo = (accessToken: string, companyUserId: string, clientId = 'storefront') =>
  post({
    grant_type: TOKEN_EXCHANGE_GRANT,
    client_id: clientId,
    subject_token: accessToken,
    subject_token_type: TokenType.accessToken,
    company_user_id: companyUserId,
  });
const redeem = (token: string) =>
  post({ grant_type: TOKEN_EXCHANGE_GRANT, client_id: 'storefront', subject_token: token, subject_token_type: TokenType.loginToken });

const refreshRow = async (value: string) =>
  (
    await db.sql<{ payload: Record<string, unknown>; grant_id: string; expires_ms: number; created_ms: number }>(
      `SELECT payload, grant_id, (extract(epoch from expires_at) * 1000)::float8 AS expires_ms,
              (extract(epoch from created_at) * 1000)::float8 AS created_ms
         FROM oidc_payloads WHERE kind = 'RefreshToken' AND id = $1`,
      [hashToken(value)],
    )
  )[0];
const refreshTokensOf = async (grantId: string) =>
  Number(
    (await db.sql<{ n: string }>(`SELECT count(*) AS n FROM oidc_payloads WHERE kind = 'RefreshToken' AND grant_id = $1`, [grantId]))[0]!.n,
  );

describe('statements of a company switch', () => {
  it('one: the facts, the grant and the refresh token, stored as the two-statement switch stored it', async () => {
    const first = await login();
    await switchTo(first.access_token!, ids.other); // the client's first read
    const answer = await switchTo(first.access_token!, ids.other);
    expect(answer.status).toBe(200);
    expect(answer.statements).toEqual([SWITCH_STORING]);
    const login_ = (await refreshRow(first.refresh_token!))!;
    const row = (await refreshRow(String(answer.body.refresh_token)))!;
    const iat = Math.floor(row.created_ms / 1000);
    const grantId = String(login_.payload.grantId);
    const expectedExp = Math.min(iat + 3600, Number(login_.payload.iiat) + 7200);
    expect(row.grant_id).toBe(grantId);
    expect(row.payload).toEqual({
      kind: 'RefreshToken',
      iat,
      exp: expectedExp,
      iiat: login_.payload.iiat,
      clientId: 'storefront',
      accountId: ids.customer,
      grantId,
      gty: TOKEN_EXCHANGE_GRANT,
      scope: 'storefront',
      rotations: 0,
      expiresWithSession: false,
      session: { subject: 'customer', customerId: ids.customer, companyUserId: ids.other },
    });
    expect(row.expires_ms).toBe(row.created_ms + (expectedExp - iat) * 1000);
    const refreshed = await post({
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(answer.body.refresh_token),
    });
    expect(refreshed.body.id_company_user).toBe(ids.other);
  });

  it('a refused switch stores nothing', async () => {
    const first = await login();
    const grantId = String((await refreshRow(first.refresh_token!))!.payload.grantId);
    const refused = await switchTo(first.access_token!, ids.disabled);
    expect(refused.body.latchkey_code).toBe('company_user_disabled');
    expect(refused.statements).toEqual([SWITCH_STORING]);
    expect(await refreshTokensOf(grantId)).toBe(1);
  });

  it('a client without refresh tokens reads only', async () => {
    const first = await login('no-refresh');
    await switchTo(first.access_token!, ids.other, 'no-refresh');
    const answer = await switchTo(first.access_token!, ids.other, 'no-refresh');
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toBeUndefined();
    expect(answer.statements).toEqual([SWITCH_READ]);
  });
});

describe('statements of a login-token redemption', () => {
  const newToken = async (over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
    createLoginToken(db.prisma, {
      clientId: 'storefront',
      customerId: ids.customer,
      expiresAt: new Date(Date.now() + 3_600_000),
      oneTimeUse: true,
      ...over,
    });
  const counters = (id: string) =>
    db.prisma.loginToken.findUniqueOrThrow({ where: { id }, select: { successfulAttempts: true, failedAttempts: true } });

  it('two: the token read and counted, then the session', async () => {
    await redeem((await newToken()).token); // the client's first read
    const { token, record } = await newToken({ companyUserId: ids.acme });
    const answer = await redeem(token);
    expect(answer.status).toBe(200);
    expect(answer.body.id_company_user).toBe(ids.acme);
    expect(answer.statements).toEqual([REDEEM, STORE_SESSION]);
    expect(await counters(record.id)).toEqual({ successfulAttempts: 1, failedAttempts: 0 });
    const again = await redeem(token);
    expect(again.body.latchkey_code).toBe('login_token_used_up');
    expect(again.statements).toEqual([REDEEM, COUNT_FAILURE]);
    expect(await counters(record.id)).toEqual({ successfulAttempts: 1, failedAttempts: 1 });
  });

  it('a token policy refuses is not counted a success', async () => {
    const cases = [
      await newToken({ companyUserId: ids.disabled }),
      await newToken({ requestIp: '192.0.2.1' }),
      await newToken({ clientId: 'no-refresh' }),
    ];
    for (const { token, record } of cases) {
      const refused = await redeem(token);
      expect(refused.status).toBe(400);
      expect(refused.statements).toEqual([REDEEM, COUNT_FAILURE]);
      expect(await counters(record.id)).toEqual({ successfulAttempts: 0, failedAttempts: 1 });
    }
  });

  it('an anonymous token and a reusable one', async () => {
    const anonymous = await newToken({ customerId: null });
    expect((await redeem(anonymous.token)).statements).toEqual([REDEEM, STORE_SESSION]);
    const reusable = await newToken({ oneTimeUse: false });
    for (let i = 0; i < 2; i++) expect((await redeem(reusable.token)).statements).toEqual([REDEEM, STORE_SESSION]);
    expect(await counters(reusable.record.id)).toEqual({ successfulAttempts: 2, failedAttempts: 0 });
  });
});

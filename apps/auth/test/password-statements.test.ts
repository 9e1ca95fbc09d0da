import { parsePolicy } from '@latchkey/core';
import type { Sql } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, postForm, type RunningAuth, startAuthServer } from '../src/testing.js';

// What a password login costs the database: one statement before argon2, one after it, one storing the session
// (packages/db login-attempts.ts). Every statement the server runs is recorded, by its first words, through the real
// database; the client is cached, so a login's own statements are all there is.
const policy = parsePolicy({ lockout: { account: { maxFailures: 2 } } });
let db: TestDb;
let server: RunningAuth;
let statements: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await createClient(db, { scopes: ['storefront'], extra: { storeHash: 'statements', channelIds: [1] } });
  const customer = await createCustomer(db);
  await createCompanyUser(db, customer.id);
  // The B2B door's own customer: the lockout tests below lock sonia.
  await createCompanyUser(db, (await createCustomer(db, { email: 'till@example.com' })).id, { companyName: 'Till KG' });
  const sql: Sql = (text, params) => {
    statements.push(text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' '));
    return db.sql(text, params);
  };
  server = await startAuthServer(db, {
    db: { ...db, sql },
    policy,
    clientCacheMs: 60_000,
    keyRefreshIntervalMs: 3_600_000,
    trustProxy: true,
  });
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const login = async (username: string, password: string, ip = '198.51.100.1') => {
  statements = [];
  const answer = await postForm(
    `${server.url}/token`,
    { grant_type: 'password', client_id: 'storefront', username, password },
    { 'x-forwarded-for': ip },
  );
  return { ...answer, statements };
};

const storefrontToken = async (email: string, password: string) => {
  statements = [];
  const response = await fetch(`${server.url}/api/io/auth/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
    body: JSON.stringify({ storeHash: 'statements', channelId: 1, name: 'till', email, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, statements };
};

const BEGIN = 'WITH ip AS (INSERT';
const SETTLE = 'WITH settled AS (INSERT';
const STORE_SESSION = 'INSERT INTO oidc_payloads (id,';

describe('statements of a password login', () => {
  it('a login: before argon2, after it, and the session', async () => {
    await login('sonia@example.com', 'change123'); // the client's first read
    const answer = await login('sonia@example.com', 'change123');
    expect(answer.status).toBe(200);
    expect(answer.statements).toEqual([BEGIN, SETTLE, STORE_SESSION]);
  });

  it('a wrong password and an unknown name: the same two statements', async () => {
    const wrong = await login('sonia@example.com', 'wrong', '198.51.100.2');
    const unknown = await login('nobody@example.com', 'change123', '198.51.100.2');
    expect([wrong.body.latchkey_code, unknown.body.latchkey_code]).toEqual(['invalid_credentials', 'invalid_credentials']);
    expect(wrong.statements).toEqual([BEGIN, SETTLE]);
    expect(unknown.statements).toEqual(wrong.statements);
  });

  it('a locked account: refused before argon2, its IP given back', async () => {
    await login('sonia@example.com', 'wrong', '198.51.100.3');
    const locked = await login('sonia@example.com', 'change123', '198.51.100.3');
    expect(locked.body.latchkey_code).toBe('account_locked');
    expect(locked.statements).toEqual([BEGIN, 'UPDATE login_failure_counters SET failures']);
  });

  it('a B2B storefront token: the same three, its row stored with its grant', async () => {
    await storefrontToken('till@example.com', 'change123'); // the store's first lookup
    const answer = await storefrontToken('till@example.com', 'change123');
    expect(answer.status).toBe(200);
    expect(answer.statements).toEqual([BEGIN, SETTLE, 'WITH stored_grant AS (INSERT']);
    const [row] = await db.sql<{ grants: number }>(
      `SELECT count(*)::int AS grants FROM storefront_tokens t JOIN oidc_payloads g ON g.kind = 'Grant' AND g.id = t.grant_id
        WHERE t.name = 'till'`,
    );
    expect(row?.grants).toBe(2);
  });
});

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiEnvSchema, createApiServer } from '@latchkey/api';
import { authEnvSchema, createAuthServer, ensureAdminClient } from '@latchkey/auth';
import { basicAuth, postForm } from '@latchkey/auth/testing';
import { defaultPolicy } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { parseEnv } from '@latchkey/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnvSchema } from '../src/env.js';

// The README's production layout: auth and api each from their own environment. The api
// fetches the JWKS from the issuer and compares `iss` as a string, so both must read
// LATCHKEY_ISSUER the same way, trailing slash or not.
const SECRET = 'split-deployment-secret-key-0123456789';
const ADMIN = { id: 'split-admin', secret: 'split-admin-secret-0123456789abcdefghij' };
const box = createSecretBox(SECRET);
let db: TestDb;
let issuer = '';
let slashed: Record<string, string> = {};
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await ensureAdminClient(db, ADMIN.id, ADMIN.secret);
  const listener = createServer().listen(0, '127.0.0.1');
  await once(listener, 'listening');
  issuer = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  slashed = { LATCHKEY_ISSUER: `${issuer}/`, LATCHKEY_SECRET_KEY: SECRET };
  const authEnv = parseEnv(authEnvSchema, slashed);
  if (!authEnv.ok) throw new Error(authEnv.problems.join('\n'));
  const auth = await createAuthServer({ db, issuer: authEnv.env.LATCHKEY_ISSUER, secretBox: box });
  listener.on('request', (req, res) => auth.handle(req, res));
  closers.push(async () => {
    await auth.close();
    listener.closeAllConnections();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await db?.dispose();
});

async function listCustomersThrough(apiIssuer: string): Promise<number> {
  const api = await createApiServer({ db, policy: defaultPolicy, secretBox: box, issuer: apiIssuer }).listen(0, '127.0.0.1');
  closers.push(api.close);
  const token = await postForm(
    `${issuer}/token`,
    { grant_type: 'client_credentials', scope: 'admin:read' },
    { authorization: basicAuth(ADMIN.id, ADMIN.secret) },
  );
  expect(token.status).toBe(200);
  return (await fetch(`${api.url}/trpc/customers.list`, { headers: { authorization: `Bearer ${token.body.access_token}` } })).status;
}

describe('LATCHKEY_ISSUER with a trailing slash, auth and api started apart', () => {
  it('is read identically by the auth, api and one-process environments', () => {
    const read = [authEnvSchema, apiEnvSchema, serverEnvSchema].map((schema) => {
      const parsed = parseEnv(schema, slashed);
      return parsed.ok ? parsed.env.LATCHKEY_ISSUER : parsed.problems.join();
    });
    expect(read).toEqual([issuer, issuer, issuer]);
  });

  it('gives discovery and tokens the issuer without the slash', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(issuer);
  });

  it('lets the api started from its own environment accept the auth server’s tokens', async () => {
    const apiEnv = parseEnv(apiEnvSchema, slashed);
    if (!apiEnv.ok) throw new Error(apiEnv.problems.join('\n'));
    expect(await listCustomersThrough(apiEnv.env.LATCHKEY_ISSUER)).toBe(200);
  });

  it('lets an api given the slashed issuer directly accept them too', async () => {
    expect(await listCustomersThrough(`${issuer}/`)).toBe(200);
  });
});

import { Writable } from 'node:stream';
import { basicAuth, createClient, postForm, type RunningAuth, startAuthServer, TEST_SECRET_KEY } from '@latchkey/auth/testing';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { createLogger } from '@latchkey/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/index.js';
import { testPolicy } from './setup.js';

// The api logs through the auth server's redacting logger, at its most talkative here.
const ADMIN_SECRET = 'lks_logging-admin-secret-0123456789abcdefgh';
const LINK_SECRET = 'login-link-secret-sent-to-the-api-0123456789';
const lines: string[] = [];
let db: TestDb;
let auth: RunningAuth;
let api: { url: string; close(): Promise<void> };

beforeAll(async () => {
  db = await createTestDb();
  await createClient(db, {
    id: 'ops',
    type: 'confidential',
    secret: ADMIN_SECRET,
    grantTypes: ['client_credentials'],
    scopes: ['admin:read', 'admin:write'],
  });
  auth = await startAuthServer(db, { policy: testPolicy });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  api = await createApiServer({
    db,
    policy: testPolicy,
    secretBox: createSecretBox(TEST_SECRET_KEY),
    issuer: auth.issuer,
    logger: createLogger('trace', destination),
  }).listen(0, '127.0.0.1');
});
afterAll(async () => {
  await api?.close();
  await auth?.close();
  await db?.dispose();
});

describe('the api’s log', () => {
  it('holds a line per request and neither the bearer token, a forged token nor a client secret sent to it', async () => {
    const token = await postForm(
      `${auth.url}/token`,
      { grant_type: 'client_credentials', scope: 'admin:read admin:write' },
      {
        authorization: basicAuth('ops', ADMIN_SECRET),
      },
    );
    const accessToken = String(token.body.access_token);
    const forged = `${accessToken.slice(0, -8)}AAAAAAAA`;
    const created = await fetch(`${api.url}/trpc/clients.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'logged-shop',
        name: 'Logged shop',
        type: 'confidential',
        grantTypes: ['client_credentials'],
        loginLinkSecret: LINK_SECRET,
      }),
    });
    const minted = ((await created.json()) as { result?: { data?: { clientSecret?: string } } }).result?.data?.clientSecret ?? '';
    expect(minted).not.toBe('');
    await fetch(`${api.url}/trpc/customers.list`, { headers: { authorization: `Bearer ${forged}` } });
    await fetch(`${api.url}/trpc/customers.list?input=${encodeURIComponent(JSON.stringify({ search: ADMIN_SECRET }))}`, {
      headers: { authorization: basicAuth('ops', ADMIN_SECRET) },
    });

    const text = lines.join('');
    expect(lines.filter((line) => JSON.parse(line).msg === 'request')).toHaveLength(3);
    expect(text).toContain('access token rejected');
    for (const secret of [accessToken, forged, ADMIN_SECRET, LINK_SECRET, minted]) expect(text).not.toContain(secret);
  });
});

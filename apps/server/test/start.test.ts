import { createServer } from 'node:net';
import { defaultPolicy } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner } from '../src/banner.js';
import { seedDemoWorld } from '../src/demo-seed.js';
import { type Running, startLatchkey } from '../src/start.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let db: TestDb;
let running: Running;
let issuer = '';

beforeAll(async () => {
  db = await createTestDb();
  const [authPort, apiPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${authPort}`;
  running = await startLatchkey({
    db,
    policy: defaultPolicy,
    logger: pino({ level: 'silent' }),
    secretKey: 'server-test-secret-key-0123456789abcdef',
    issuer,
    host: '127.0.0.1',
    authPort,
    apiPort,
    trustProxy: false,
    demo: true,
    dataDir: null,
  });
});
afterAll(async () => {
  await running?.close();
  await db?.dispose();
});

describe('npm start (auth and admin API in one process)', () => {
  it('seeds the demo world once and prints a login that works', async () => {
    expect(running.demo?.admin?.clientSecret).toMatch(/^lks_/);
    const text = banner({ database: 'PGlite (test)', authUrl: issuer, apiUrl: running.apiUrl, adminCredentialsFile: null, demo: true });
    const curl = /curl -s (\S+) -d grant_type=password -d client_id=(\S+) \\\n\s+-d username=(\S+) -d password=(\S+)/.exec(text);
    expect(curl).not.toBeNull();
    const [, url, clientId, username, password] = curl!;
    const res = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: clientId!, username: username!, password: password! }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'storefront punchout' });
    expect(typeof body.id_company_user).toBe('string');
  });

  it('serves the admin API to the demo admin client', async () => {
    const { clientId, clientSecret } = running.demo!.admin!;
    const token = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const res = await fetch(`${running.apiUrl}/trpc/customers.list`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { data: { items: { email: string }[] } } };
    expect(result.data.items.map((c) => c.email)).toEqual(expect.arrayContaining(['sonia@example.com', 'karl@example.com']));
    expect((await fetch(`${running.apiUrl}/healthz`)).status).toBe(200);
  });

  it('does not seed again into a database that has clients', async () => {
    expect(await seedDemoWorld(db, createSecretBox('server-test-secret-key-0123456789abcdef'), defaultPolicy, true)).toBeNull();
  });
});

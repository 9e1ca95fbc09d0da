import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { defaultPolicy } from '@latchkey/core';
import { createSecretBox, hashPassword } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../src/demo-seed.js';
import { type Started, startFromEnvironment } from '../src/run.js';
import { type Running, startLatchkey } from '../src/start.js';
import { freePort, testStackEnv } from '../src/testing.js';

const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body),
});
const scopeOf = (accessToken: string): string =>
  String(JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')).scope ?? '');

type Printed = { kind: string; ok: boolean };

/** Every credential the banner prints, each tried against the servers it names. */
async function tryEveryCredential(text: string, apiUrl: string, env: Record<string, string>): Promise<Printed[]> {
  const tried: Printed[] = [];
  const password = async (url: string, clientId: string, username: string, secret: string) => {
    const res = await fetch(url, form({ grant_type: 'password', client_id: clientId, username, password: secret }));
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  const issuer = /auth server\s+(\S+)/.exec(text)?.[1] ?? '';
  const curl = /curl -s (\S+) -d grant_type=password -d client_id=(\S+) \\\n\s+-d username=(\S+) -d password=(\S+)/.exec(text);
  if (curl) {
    const res = await password(curl[1]!, curl[2]!, curl[3]!, curl[4]!);
    tried.push({ kind: 'customer', ok: res.status === 200 && res.body.scope === 'storefront punchout' });
  }
  // The front doors' lines: each curl's URL and JSON body, sent as the line says.
  for (const [, url, type, body] of text.matchAll(/curl -s (\S+) -H 'Content-Type: (\S+)' \\\n\s+-d '(.+)'/g)) {
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': type! }, body: body! });
    const answer = (await res.json()) as { data?: { attributes?: { accessToken?: string }; token?: string } };
    if (url!.includes('/glue/')) tried.push({ kind: 'glue', ok: res.status === 201 && Boolean(answer.data?.attributes?.accessToken) });
    else tried.push({ kind: 'bigcommerce', ok: res.status === 200 && Boolean(answer.data?.token) });
  }
  const agent = /Agent console: client_id=(\S+), (\S+) \/ (\S+)/.exec(text);
  if (agent) tried.push({ kind: 'agent', ok: (await password(`${issuer}/token`, agent[1]!, agent[2]!, agent[3]!)).status === 200 });
  const staffClient = /Back office staff \(client_id=([^,]+),/.exec(text)?.[1];
  for (const [, role, email, secret] of text.matchAll(/^ {2}(editor|viewer)\s+(\S+) \/ (\S+)$/gm)) {
    const res = await password(`${issuer}/token`, staffClient ?? '', email!, secret!);
    const expected = role === 'editor' ? 'admin:read admin:write' : 'admin:read';
    tried.push({ kind: role!, ok: res.status === 200 && scopeOf(res.body.access_token ?? '') === expected });
  }
  const admin = /Admin API client credentials: client_id=(\S+), secret in (\S+)/.exec(text);
  if (admin) {
    const secret =
      admin[2] === 'LATCHKEY_ADMIN_CLIENT_SECRET'
        ? env.LATCHKEY_ADMIN_CLIENT_SECRET!
        : (JSON.parse(await readFile(admin[2]!, 'utf8')).clientSecret as string);
    const basic = `Basic ${Buffer.from(`${admin[1]}:${secret}`).toString('base64')}`;
    const token = (await (await fetch(`${issuer}/token`, form({ grant_type: 'client_credentials' }, { authorization: basic }))).json()) as {
      access_token?: string;
    };
    const list = await fetch(`${apiUrl}/trpc/customers.list`, { headers: { authorization: `Bearer ${token.access_token}` } });
    tried.push({ kind: 'admin', ok: list.status === 200 });
  }
  return tried;
}

describe('npm start on a fresh data directory', () => {
  const dirs: string[] = [];
  let started: Started | null = null;
  afterEach(async () => {
    await started?.close();
    started = null;
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function start(extra: Record<string, string>, dataDir?: string) {
    const stack = await testStackEnv({ env: extra, ...(dataDir ? { dataDir } : {}) });
    if (!dataDir) dirs.push(stack.dir);
    const { env, dir } = stack;
    started = await startFromEnvironment(env);
    return { env, dir, text: started.banner, tried: await tryEveryCredential(started.banner, started.running.apiUrl, env) };
  }

  it('without admin variables prints the demo logins and the demo admin client, each of which works', async () => {
    const { tried, text, dir } = await start({});
    expect(tried.map((t) => t.kind)).toEqual(['customer', 'glue', 'bigcommerce', 'agent', 'editor', 'viewer', 'admin']);
    expect(tried.every((t) => t.ok)).toBe(true);
    expect(text).toContain(path.join(dir, 'demo-admin.json'));
  });

  it('with admin variables prints them instead of a demo admin client, and the demo still works', async () => {
    const admin = { LATCHKEY_ADMIN_CLIENT_ID: 'ops-admin', LATCHKEY_ADMIN_CLIENT_SECRET: 'ops-admin-secret-0123456789abcdefghijkl' };
    const { tried, text } = await start(admin);
    expect(tried.map((t) => t.kind)).toEqual(['customer', 'glue', 'bigcommerce', 'agent', 'editor', 'viewer', 'admin']);
    expect(tried.every((t) => t.ok)).toBe(true);
    expect(text).toContain('client_id=ops-admin, secret in LATCHKEY_ADMIN_CLIENT_SECRET');
    expect(text).not.toContain(admin.LATCHKEY_ADMIN_CLIENT_SECRET);
    expect(text).not.toContain('demo-admin');
  });

  it('prints no login that stopped working, and seeds the demo again where its rows are missing', async () => {
    const first = await start({});
    await started!.close();
    started = null;
    // Someone changed the demo customer's password (the banner must not offer it) and deleted the editor (the demo makes it again).
    const { createDb } = await import('@latchkey/db');
    const raw = await createDb({ dataDir: path.join(first.dir, 'pglite') });
    await raw.prisma.customer.update({
      where: { email: 'sonia@example.com' },
      data: { passwordHash: await hashPassword('changed!', { memoryCost: 1024, timeCost: 1, parallelism: 1 }) },
    });
    await raw.prisma.agent.delete({ where: { email: 'editor@example.com' } });
    await raw.close();
    const again = await start({}, first.dir);
    expect(again.tried.map((t) => t.kind)).toEqual(['agent', 'editor', 'viewer', 'admin']);
    expect(again.tried.every((t) => t.ok)).toBe(true);
    expect(again.text).not.toContain('sonia@example.com');
  });

  it("prints BigCommerce's door only while the storefront client still serves the demo store", async () => {
    const first = await start({});
    await started!.close();
    started = null;
    const { createDb } = await import('@latchkey/db');
    const raw = await createDb({ dataDir: path.join(first.dir, 'pglite') });
    await raw.prisma.oAuthClient.update({ where: { id: 'storefront' }, data: { storeHash: 'their-store' } });
    await raw.close();
    const again = await start({}, first.dir);
    expect(again.tried.map((t) => t.kind)).toEqual(['customer', 'glue', 'agent', 'editor', 'viewer', 'admin']);
    expect(again.tried.every((t) => t.ok)).toBe(true);
    expect(again.text).not.toContain('/api/io/auth/customers');
  });

  it('seeds no demo with NODE_ENV=production unless LATCHKEY_DEMO=true says so', async () => {
    const production = await start({ NODE_ENV: 'production', LATCHKEY_SECRET_KEY: 'production-secret-key-0123456789abcdef' });
    expect(production.tried).toEqual([]);
    expect(production.text).not.toMatch(/password|curl|staff/i);
    await started!.close();
    started = null;
    const asked = await start({ NODE_ENV: 'production', LATCHKEY_DEMO: 'true' });
    expect(asked.tried.map((t) => t.kind)).toEqual(['customer', 'glue', 'bigcommerce', 'agent', 'editor', 'viewer', 'admin']);
  });
});

describe('startLatchkey on a database with other clients', () => {
  let db: TestDb;
  let running: Running;
  beforeAll(async () => {
    db = await createTestDb();
    await db.prisma.oAuthClient.create({ data: { id: 'their-app', name: 'Theirs', type: 'public', grantTypes: ['password'] } });
    const [authPort, apiPort] = [await freePort(), await freePort()];
    running = await startLatchkey({
      db,
      policy: defaultPolicy,
      logger: pino({ level: 'silent' }),
      secretKey: 'server-test-secret-key-0123456789abcdef',
      issuer: `http://127.0.0.1:${authPort}`,
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

  it('still seeds the demo, and seeding again changes nothing', async () => {
    expect(running.logins).toMatchObject({
      customer: { email: 'sonia@example.com' },
      editor: { email: 'editor@example.com' },
      admin: null,
    });
    const count = async () => [
      await db.prisma.customer.count(),
      await db.prisma.agent.count(),
      await db.prisma.companyUser.count(),
      await db.prisma.oAuthClient.count(),
    ];
    const before = await count();
    await seedDemoWorld(db, createSecretBox('server-test-secret-key-0123456789abcdef'), defaultPolicy, null);
    expect(await count()).toEqual(before);
    expect(before).toEqual([2, 3, 3, 4]);
  });
});

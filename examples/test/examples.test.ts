import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Started, startFromEnvironment } from '@latchkey/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each example as `npm run example:<name>` runs it: its build, one process, against the
// stack `npm start` starts (here on a fresh data directory and free ports).
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dirs: string[] = [];
let started: Started;
let env: Record<string, string> = {};

async function run(name: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'dist', `${name}.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env, ...extra },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number];
  return { code, out, err };
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-examples-'));
  dirs.push(dir);
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }));
  const serverEnv = {
    LATCHKEY_DATA_DIR: dir,
    LATCHKEY_POLICY_FILE: policyFile,
    LATCHKEY_HOST: '127.0.0.1',
    LATCHKEY_AUTH_PORT: String(authPort),
    LATCHKEY_API_PORT: String(apiPort),
    LATCHKEY_ISSUER: `http://127.0.0.1:${authPort}`,
    LOG_LEVEL: 'silent',
  };
  started = await startFromEnvironment(serverEnv);
  env = { LATCHKEY_ISSUER: serverEnv.LATCHKEY_ISSUER, LATCHKEY_API_URL: `http://127.0.0.1:${apiPort}`, LATCHKEY_DATA_DIR: dir };
});
afterAll(async () => {
  await started?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('npm run example:admin', () => {
  it('creates a customer and a login token with the demo admin client, lists it, and shows a refusal', async () => {
    const { code, out, err } = await run('admin');
    expect(code, err).toBe(0);
    expect(out).toMatch(/^created customer \S+ \(ada\.\d+@example\.com\)$/m);
    expect(out).toMatch(new RegExp(`^its login link: ${env.LATCHKEY_ISSUER}/login/token/lkl_\\S+$`, 'm'));
    expect(out).toMatch(/^1 login token\(s\) for ada\.\d+@example\.com, expiring \d{4}-\d\d-\d\dT/m);
    expect(out).toMatch(/^refused as expected: BAD_REQUEST \[ 'name: /m);
  });

  it('says what is missing without credentials', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'latchkey-examples-empty-'));
    dirs.push(empty);
    const { code, err } = await run('admin', { LATCHKEY_DATA_DIR: empty });
    expect(code).toBe(1);
    expect(err).toContain('no admin credentials: set LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET, or run `npm start` first');
  });
});

describe('npm run example:resource-server', () => {
  it('answers the demo customer’s token with who they are and a forged one with 401', async () => {
    const { code, out, err } = await run('resource-server');
    expect(code, err).toBe(0);
    expect(out).toMatch(/^with the customer's token: 200 \{"customer":"DE--21","companyUser":"[^"]+"\}$/m);
    expect(out).toContain('with a forged token: 401 Bearer error="invalid_token"');
  });
});

describe('npm run example:login-link', () => {
  it('signs a link the storefront opens once, then refuses', async () => {
    const { code, out, err } = await run('login-link');
    expect(code, err).toBe(0);
    expect(out).toMatch(/^opening it: 302 to http:\/\/localhost:3000\/account\/orders, session cookie set: true$/m);
    expect(out).toMatch(/^opening it again: 302 to .*error=login_token_invalid/m);
  });
});

describe('the README', () => {
  it('shows the admin and resource-server examples verbatim', async () => {
    const readme = await readFile(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    for (const name of ['admin', 'resource-server']) {
      expect(blocks).toContain(await readFile(path.join(import.meta.dirname, '..', 'src', `${name}.ts`), 'utf8'));
    }
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runExample, type Stack, startStack } from './stack.js';

// Each example as `npm run example:<name>` runs it: its build, one process, against the
// stack `npm start` starts (here on a fresh data directory or database and free ports).
const dirs: string[] = [];
let stack: Stack;
let env: Record<string, string> = {};
const run = (name: string, extra: Record<string, string> = {}) => runExample(name, { ...env, ...extra });

beforeAll(async () => {
  stack = await startStack();
  env = stack.exampleEnv;
});
afterAll(async () => {
  await stack?.close();
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
    const { code, err } = await run('admin', { LATCHKEY_DATA_DIR: empty, LATCHKEY_ADMIN_CLIENT_ID: '', LATCHKEY_ADMIN_CLIENT_SECRET: '' });
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
  it('shows the admin, resource-server and SPA examples verbatim', async () => {
    const readme = await readFile(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    for (const name of ['admin', 'resource-server', 'spa/app']) {
      expect(blocks).toContain(await readFile(path.join(import.meta.dirname, '..', 'src', `${name}.ts`), 'utf8'));
    }
  });
});

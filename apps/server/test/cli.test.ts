import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdminClient } from '@latchkey/client';
import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createTestDb, type TestDb, testDatabaseUrl } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { startTestStack, type TestStack } from '../src/testing.js';

// `latchkey …` against a started Latchkey (the stack `npm start` runs), in this process so
// the test reads its output; the bin (dist/cli/main.js) only hands process.argv to runCli.

const dirs: string[] = [];
const databases: TestDb[] = [];
let stack: TestStack;
let env: Record<string, string> = {};

async function cli(args: string[], extraEnv: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env: { ...env, ...extraEnv }, io: { out: (t) => out.push(t), err: (t) => err.push(t) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const json = async (args: string[]) => {
  const run = await cli([...args, '--json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out);
};
const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body),
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-cli-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  stack = await startTestStack();
  env = stack.env;
});
afterAll(async () => {
  await stack?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  for (const db of databases) await db.dispose();
});

describe('latchkey --help', () => {
  it('lists every command, and each command has its own help', async () => {
    const overview = await cli(['--help']);
    expect(overview.code).toBe(0);
    const words = ['migrate', 'doctor', 'clients create', 'clients list', 'clients rotate-secret', 'login-tokens create'];
    for (const w of [...words, 'login-tokens list', 'login-tokens revoke', 'staff create', 'keys rotate']) {
      expect(overview.out).toContain(w);
      const help = await cli([...w.split(' '), '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`usage: latchkey ${w}`);
    }
  });

  it('answers 2 to an unknown command or a wrong option, naming it', async () => {
    expect(await cli(['clients', 'explode'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command: clients explode') });
    const wrong = await cli(['clients', 'list', '--colour', 'red']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("Unknown option '--colour'");
    expect((await cli(['clients', 'rotate-secret'])).code).toBe(2);
  });
});

describe('admin commands through the api', () => {
  it('clients create shows a secret once, clients list finds the client, rotate-secret replaces the secret', async () => {
    const created = await json([
      'clients',
      'create',
      '--name',
      'Ops',
      '--id',
      'cli-ops',
      '--type',
      'confidential',
      '--grant',
      'client_credentials',
      '--scope',
      'shop',
    ]);
    expect(created.client).toMatchObject({ id: 'cli-ops', type: 'confidential', grantTypes: ['client_credentials'] });
    const first = String(created.clientSecret);
    const listed = await json(['clients', 'list', '--search', 'cli-ops']);
    expect(listed.items.map((c: { id: string }) => c.id)).toEqual(['cli-ops']);
    expect(JSON.stringify(listed)).not.toContain(first);
    const rotated = await json(['clients', 'rotate-secret', 'cli-ops']);
    const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`cli-ops:${secret}`).toString('base64')}` });
    expect((await fetch(`${env.LATCHKEY_ISSUER}/token`, form({ grant_type: 'client_credentials' }, basic(first)))).status).toBe(401);
    expect(
      (await fetch(`${env.LATCHKEY_ISSUER}/token`, form({ grant_type: 'client_credentials' }, basic(rotated.clientSecret)))).status,
    ).toBe(200);
    const human = await cli(['clients', 'list', '--search', 'cli-ops']);
    expect(human.out).toMatch(/^cli-ops\tconfidential\tcustomer\tactive\tclient_credentials$/m);
    expect((await cli(['clients', 'list', '--search', 'nobody-here'])).out).toBe('no clients');
  });

  it('login-tokens create prints the token and its link once; the token logs in until login-tokens revoke', async () => {
    const made = await cli(['login-tokens', 'create', '--client', 'storefront', '--multi-use', '--extra', '{"note":"cli"}']);
    expect(made.code, made.err).toBe(0);
    const token = /token \(shown this once\): (\S+)/.exec(made.out)?.[1] ?? '';
    expect(made.out).toContain(`login link: ${env.LATCHKEY_ISSUER}/login/token/${token}`);
    const id = /created login token (\S+)/.exec(made.out)?.[1] ?? '';
    const redeem = () =>
      fetch(
        `${env.LATCHKEY_ISSUER}/token`,
        form({ grant_type: TOKEN_EXCHANGE_GRANT, client_id: 'storefront', subject_token: token, subject_token_type: TokenType.loginToken }),
      );
    expect((await redeem()).status).toBe(200);
    const listed = await json(['login-tokens', 'list', '--client', 'storefront']);
    expect(listed.items.find((t: { id: string }) => t.id === id)).toMatchObject({
      subjectType: 'anonymous',
      extra: { note: 'cli' },
      revoked: false,
    });
    expect(JSON.stringify(listed)).not.toContain(token);
    const human = await cli(['login-tokens', 'list', '--client', 'storefront']);
    expect(human.out).toMatch(new RegExp(`^${id}\tanonymous\t-\tstorefront\texpires \\S+\tactive$`, 'm'));
    expect(human.out).not.toContain(token);
    expect((await cli(['login-tokens', 'revoke', id])).out).toBe(`revoked login token ${id}`);
    expect((await redeem()).status).toBe(400);
  });

  it('refuses bad input with the api’s code and the field, and a date that is not one before calling', async () => {
    const empty = await cli(['clients', 'create', '--name', '']);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('refused: input_invalid');
    expect(empty.err).toMatch(/^ {2}name: /m);
    const date = await cli(['login-tokens', 'create', '--expires-at', 'tomorrow']);
    expect(date).toMatchObject({ code: 2, err: expect.stringContaining('--expires-at: not a date: tomorrow') });
  });

  it('staff create adds a staff member whose roles decide the admin scopes of their sign-in', async () => {
    const made = await cli([
      'staff',
      'create',
      '--email',
      'cli-editor@example.com',
      '--password',
      'cli-editor-pass-1',
      '--first-name',
      'Cleo',
      '--last-name',
      'Li',
      '--role',
      'editor',
    ]);
    expect(made.out).toMatch(/^created staff member \S+ \(cli-editor@example.com\), roles: editor$/);
    const res = await fetch(
      `${env.LATCHKEY_ISSUER}/token`,
      form({ grant_type: 'password', client_id: 'back-office', username: 'cli-editor@example.com', password: 'cli-editor-pass-1' }),
    );
    const body = (await res.json()) as { access_token: string };
    expect(JSON.parse(Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString()).scope).toBe('admin:read admin:write');
  });

  it('keys rotate makes a new signing key', async () => {
    const rotated = await json(['keys', 'rotate']);
    const demo = JSON.parse(await readFile(path.join(env.LATCHKEY_DATA_DIR ?? '', 'demo-admin.json'), 'utf8'));
    const admin = createAdminClient({ url: env.LATCHKEY_API_URL ?? '', issuer: env.LATCHKEY_ISSUER ?? '', ...demo });
    expect((await admin.keys.list.query()).map((key) => key.kid)).toContain(rotated.kid);
  });

  it('says which credentials are missing when it has none', async () => {
    const none = await cli(['clients', 'list'], { LATCHKEY_DATA_DIR: await tempDir() });
    expect(none.code).toBe(1);
    expect(none.err).toMatch(
      /^no admin credentials: set LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET, or run `npm start` once to write /,
    );
  });
});

describe('latchkey doctor', () => {
  it('passes a healthy setup, one ok line per check', async () => {
    const run = await cli(['doctor']);
    expect(run.code, run.out).toBe(0);
    expect(run.out.split('\n').map((line) => line.split(':')[0])).toEqual([
      'ok      environment',
      'ok      secret key',
      'ok      database',
      'ok      issuer',
    ]);
  });

  it('names each problem of a broken one: an unreachable database, a missing secret key, an issuer that does not answer', async () => {
    const unreachable = await cli(['doctor', '--json'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
      LATCHKEY_SECRET_KEY: 'doctor-secret-key-0123456789abcdefghij',
      LATCHKEY_ISSUER: 'http://127.0.0.1:1',
    });
    expect(unreachable.code).toBe(1);
    const report = JSON.parse(unreachable.out) as { ok: boolean; checks: { check: string; ok: boolean; detail: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(['database', 'issuer']);
    expect(report.checks.find((c) => c.check === 'database')?.detail).toMatch(
      /^PostgreSQL postgresql:\/\/postgres@127\.0\.0\.1:1\/nowhere: unreachable/,
    );

    const keyless = await cli(['doctor'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    expect(keyless.code).toBe(1);
    expect(keyless.out).toBe('problem environment: LATCHKEY_SECRET_KEY: required with DATABASE_URL (every node must share it)');

    const fresh = await cli(['doctor'], { LATCHKEY_DATA_DIR: await tempDir(), LATCHKEY_ISSUER: 'http://127.0.0.1:1' });
    expect(fresh.out).toMatch(/^problem database: PGlite .*: does not exist yet \(npm start creates it\)$/m);
  });
});

describe('latchkey migrate', () => {
  it('refuses the embedded database while the server holds it open', async () => {
    const run = await cli(['migrate']);
    expect(run).toMatchObject({ code: 1, err: expect.stringContaining('the embedded database is open in the running server') });
  });

  it('applies every migration to a new database once, and doctor then finds none pending', async () => {
    let target: Record<string, string> = { LATCHKEY_DATA_DIR: await tempDir() };
    if (testDatabaseUrl()) {
      const empty = await createTestDb({ migrated: false });
      databases.push(empty);
      target = { DATABASE_URL: empty.url ?? '', LATCHKEY_SECRET_KEY: 'migrate-secret-key-0123456789abcdefghij' };
    }
    const away = { ...target, LATCHKEY_ISSUER: 'http://127.0.0.1:1' };
    const first = await cli(['migrate', '--json'], away);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out).applied.length).toBeGreaterThan(1);
    expect((await cli(['migrate'], away)).out).toBe('nothing to apply: the database is up to date');
    expect((await cli(['doctor'], away)).out).toMatch(/^ok {6}migrations: all \d+ applied$/m);
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@latchkey/db/free-port';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The auth server runs on raw SQL alone (SqlDb): its process never loads the
// Prisma client, whose JavaScript and query compiler cost some 60 MB of RSS
// per process (issue 12). This starts the built server (dist/main.js, what
// production runs) with a hook that records every module it loads, serves
// requests that reach the client registry, the signing keys and the stores,
// and looks for the client among them.

const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.join(here, '..', 'dist', 'main.js');
const probe = path.join(here, 'fixtures', 'record-modules.mjs');
const PRISMA_CLIENT = /generated\/prisma\/client\.js|@prisma\/client\//;

/** Runs node with the module recorder until `work` resolves (or, without one, until it exits); returns the modules it loaded itself. */
async function loadedModules(args: string[], env: Record<string, string>, work?: () => Promise<void>): Promise<string[]> {
  const log = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const child = spawn(process.execPath, ['--import', probe, ...args], {
    env: { PATH: process.env.PATH ?? '', MODULE_LOG: log, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (work) {
    try {
      await Promise.race([work(), exited.then((code) => Promise.reject(new Error(`exited with ${code}:\n${output.join('')}`)))]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  } else expect(await exited, output.join('')).toBe(0);
  const own = `${child.pid} `;
  return (await readFile(log, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith(own))
    .map((line) => line.slice(own.length));
}

let dir: string;
let db: TestDb;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'latchkey-no-prisma-'));
  db = await createTestDb({ migrated: false });
});
afterAll(async () => {
  await db?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the auth process', () => {
  it('never loads the Prisma client: not at start, not serving tokens', async () => {
    expect(existsSync(main), `${main} is missing: build apps/auth first`).toBe(true);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...(db.url ? db.processEnv : { LATCHKEY_DATA_DIR: path.join(dir, 'data') }),
      LATCHKEY_SECRET_KEY: 'k'.repeat(43),
      LATCHKEY_AUTH_PORT: String(port),
      LATCHKEY_WORKERS: '1',
      LATCHKEY_HOST: '127.0.0.1',
      LATCHKEY_ISSUER: url,
      LATCHKEY_ADMIN_CLIENT_ID: 'admin',
      LATCHKEY_ADMIN_CLIENT_SECRET: 'admin-secret-admin-secret-admin-secret',
      LOG_LEVEL: 'warn',
    };
    const answers: number[] = [];
    const modules = await loadedModules([main], env, async () => {
      for (;;) {
        const ready = await fetch(`${url}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ready) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const token = await fetch(`${url}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa('admin:admin-secret-admin-secret-admin-secret')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'admin:read' }),
      });
      answers.push(token.status);
      const password = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'nobody', username: 'a@example.com', password: 'x' }),
      });
      answers.push(password.status);
      answers.push((await fetch(`${url}/jwks`)).status);
    });
    // The recorder saw the server and what it serves with, so an empty list cannot pass...
    expect(modules.some((m) => m.endsWith('/apps/auth/dist/main.js'))).toBe(true);
    expect(modules.some((m) => m.includes('/oidc-provider/'))).toBe(true);
    expect(answers).toEqual([200, 401, 200]);
    // ...and no Prisma client among them.
    expect(modules.filter((m) => PRISMA_CLIENT.test(m))).toEqual([]);
  });

  it('is watched by a recorder that sees the Prisma client where it is loaded', async () => {
    const modules = await loadedModules(['--input-type=module', '-e', "await import('@latchkey/db/prisma');"], {});
    expect(modules.filter((m) => PRISMA_CLIENT.test(m)).length).toBeGreaterThan(0);
  });
});

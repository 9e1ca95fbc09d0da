import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { type Started, startFromEnvironment } from '@latchkey/server';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type Stack = {
  database: 'pglite' | 'postgresql';
  issuer: string;
  apiUrl: string;
  /** What an example needs to find this stack, as `npm start`'s user has it: the servers' URLs and the data directory (or, on PostgreSQL, which keeps no demo file, the admin client). */
  env: Record<string, string>;
  admin: { clientId: string; clientSecret: string };
  close(): Promise<void>;
};

/**
 * The stack `npm start` starts, on a fresh data directory (PGlite, the demo admin client in its
 * demo-admin.json) or, with DATABASE_URL, a fresh PostgreSQL database and a bootstrap admin client.
 */
export async function startStack(): Promise<Stack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-examples-'));
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }));
  const postgres: TestDb | null = process.env.DATABASE_URL ? await createTestDb() : null;
  const bootstrap = { LATCHKEY_ADMIN_CLIENT_ID: 'examples-admin', LATCHKEY_ADMIN_CLIENT_SECRET: randomBytes(32).toString('base64url') };
  const issuer = `http://127.0.0.1:${authPort}`;
  let started: Started;
  try {
    started = await startFromEnvironment({
      LATCHKEY_DATA_DIR: dir,
      LATCHKEY_POLICY_FILE: policyFile,
      LATCHKEY_HOST: '127.0.0.1',
      LATCHKEY_AUTH_PORT: String(authPort),
      LATCHKEY_API_PORT: String(apiPort),
      LATCHKEY_ISSUER: issuer,
      LOG_LEVEL: 'silent',
      ...(postgres ? { ...postgres.processEnv, LATCHKEY_SECRET_KEY: randomBytes(32).toString('base64url'), ...bootstrap } : {}),
    });
  } catch (error) {
    await postgres?.dispose();
    throw error;
  }
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const admin = postgres
    ? { clientId: bootstrap.LATCHKEY_ADMIN_CLIENT_ID, clientSecret: bootstrap.LATCHKEY_ADMIN_CLIENT_SECRET }
    : (JSON.parse(await readFile(path.join(dir, 'demo-admin.json'), 'utf8')) as Stack['admin']);
  return {
    database: postgres ? 'postgresql' : 'pglite',
    issuer,
    apiUrl,
    env: { LATCHKEY_ISSUER: issuer, LATCHKEY_API_URL: apiUrl, LATCHKEY_DATA_DIR: dir, ...(postgres ? bootstrap : {}) },
    admin,
    async close() {
      await started.close();
      await postgres?.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An example as `npm run example:<name>` runs it: its build, one process, to its end. */
export async function run(name: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'dist', `${name}.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
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

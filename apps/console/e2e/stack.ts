import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@latchkey/db/free-port';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_MAIN = path.resolve(here, '../../server/dist/main.js');
const CONSOLE_INDEX = path.resolve(here, '../dist/index.html');

export type Stack = {
  /** Which database the stack runs on, for the artifacts' folder. */
  database: 'pglite' | 'postgresql';
  issuer: string;
  apiUrl: string;
  consoleUrl: string;
  banner: string;
  /** The demo admin client's credentials (client credentials grant), for setting up and checking rows. */
  admin: { clientId: string; clientSecret: string };
  stop(): Promise<void>;
};

const withDatabase = (url: string, name: string): string => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

async function onAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * `npm start`'s process (apps/server/dist/main.js, as built) on a fresh
 * database: a new PGlite data directory, or a new PostgreSQL database when
 * DATABASE_URL is set. Answers once the banner is printed.
 */
export async function startStack(databaseUrl: string | undefined): Promise<Stack> {
  for (const file of [SERVER_MAIN, CONSOLE_INDEX])
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the end-to-end suite`);
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-console-e2e-'));
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = path.join(dir, 'policy.json');
  // argon2id at its cheapest: the suite is about the screens, not the hash's cost.
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }));
  const dbName = databaseUrl ? `latchkey_console_e2e_${process.pid}_${randomBytes(4).toString('hex')}` : null;
  if (databaseUrl && dbName) await onAdmin(databaseUrl, `CREATE DATABASE "${dbName}"`);
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // A machine client of its own for setting up and checking rows (PostgreSQL has no data directory for the demo's).
  const admin = { clientId: 'console-e2e-admin', clientSecret: randomBytes(32).toString('base64url') };
  const env: Record<string, string | undefined> = {
    ...inherited,
    LATCHKEY_DATA_DIR: dir,
    LATCHKEY_POLICY_FILE: policyFile,
    LATCHKEY_HOST: '127.0.0.1',
    LATCHKEY_AUTH_PORT: String(authPort),
    LATCHKEY_API_PORT: String(apiPort),
    LATCHKEY_ISSUER: `http://127.0.0.1:${authPort}`,
    LOG_LEVEL: 'warn',
    LATCHKEY_ADMIN_CLIENT_ID: admin.clientId,
    LATCHKEY_ADMIN_CLIENT_SECRET: admin.clientSecret,
    ...(databaseUrl && dbName
      ? { DATABASE_URL: withDatabase(databaseUrl, dbName), LATCHKEY_SECRET_KEY: randomBytes(32).toString('base64url') }
      : {}),
  };
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
    if (databaseUrl && dbName) await onAdmin(databaseUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  };
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = () => (output.includes('Ctrl+C stops.') ? resolve(true) : setTimeout(check, 100));
      check();
    }),
    exited.then(() => false),
  ]);
  if (!ready) {
    await cleanup();
    throw new Error(`the stack did not start:\n${output}`);
  }
  const consoleUrl = /^ {2}console\s+(\S+)/m.exec(output)?.[1];
  if (!consoleUrl) {
    await cleanup();
    throw new Error(`the banner names no console:\n${output}`);
  }
  return {
    database: databaseUrl ? 'postgresql' : 'pglite',
    issuer: `http://127.0.0.1:${authPort}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    consoleUrl,
    banner: output,
    admin,
    stop: cleanup,
  };
}

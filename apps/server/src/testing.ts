// Test support: `npm start`'s stack on a fresh data directory and free ports, for the suites of
// this app and of the packages that drive it from outside (the examples, the console's browser
// suite). Like @latchkey/db/testing, one of the modules that may read process.env.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@latchkey/db/free-port';
import { createTestDb, type TestDb, testDatabaseUrl } from '@latchkey/db/testing';
import { type Started, startFromEnvironment } from './run.js';

export { freePort };

export type TestStackOptions = {
  /** Policy keys besides the cheap password hash every stack gets. */
  policy?: Record<string, unknown>;
  /** Environment variables besides (or instead of) the stack's own. */
  env?: Record<string, string>;
  /** An existing data directory (a restart); a new one otherwise, removed by `dispose`. */
  dataDir?: string;
  /**
   * `embedded` (the default): PGlite in the data directory, as `npm start` on a fresh clone.
   * `test`: the test command's database, a fresh PostgreSQL database when DATABASE_URL is set.
   */
  database?: 'embedded' | 'test';
};

type AdminCredentials = { clientId: string; clientSecret: string };

export type TestStackEnv = {
  /** The variables `npm start` reads: data dir, policy file, host, ports, issuer and API URL (and the database's). */
  env: Record<string, string>;
  dir: string;
  issuer: string;
  apiUrl: string;
  database: 'pglite' | 'postgresql';
  /** PostgreSQL's database (null on PGlite, which the server process holds alone). */
  db: TestDb | null;
  /**
   * On PostgreSQL an admin client made at start from LATCHKEY_ADMIN_CLIENT_ID/SECRET, as an operator
   * has it (the demo writes its own admin client's secret to the data directory on PGlite only).
   */
  bootstrapAdmin: AdminCredentials | null;
  /** Drops the database and removes the data directory it made (not one it was given). */
  dispose(): Promise<void>;
};

/**
 * The environment of a stack: a data directory, a policy file whose
 * argon2id is at its cheapest (tests are about what the servers answer, not
 * the hash's cost), two free ports on 127.0.0.1, and with `database: 'test'`
 * and DATABASE_URL a fresh PostgreSQL database with its secret key.
 */
export async function testStackEnv(options: TestStackOptions = {}): Promise<TestStackEnv> {
  const dir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'latchkey-stack-')));
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, ...options.policy }));
  const db = options.database === 'test' && testDatabaseUrl() ? await createTestDb() : null;
  const bootstrapAdmin = db ? { clientId: 'test-stack-admin', clientSecret: randomBytes(32).toString('base64url') } : null;
  const issuer = `http://127.0.0.1:${authPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env = {
    LATCHKEY_DATA_DIR: dir,
    LATCHKEY_POLICY_FILE: policyFile,
    LATCHKEY_HOST: '127.0.0.1',
    LATCHKEY_AUTH_PORT: String(authPort),
    LATCHKEY_API_PORT: String(apiPort),
    LATCHKEY_ISSUER: issuer,
    LATCHKEY_API_URL: apiUrl,
    LOG_LEVEL: 'silent',
    ...(db && bootstrapAdmin
      ? {
          ...db.processEnv,
          LATCHKEY_SECRET_KEY: randomBytes(32).toString('base64url'),
          LATCHKEY_ADMIN_CLIENT_ID: bootstrapAdmin.clientId,
          LATCHKEY_ADMIN_CLIENT_SECRET: bootstrapAdmin.clientSecret,
        }
      : {}),
    ...options.env,
  };
  return {
    env,
    dir,
    issuer,
    apiUrl,
    database: db ? 'postgresql' : 'pglite',
    db,
    bootstrapAdmin,
    async dispose() {
      await db?.dispose();
      if (!options.dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestStack = TestStackEnv & {
  started: Started;
  /** The admin client the stack was started with: the bootstrap one on PostgreSQL, the demo's from its data directory on PGlite. */
  admin: AdminCredentials;
  close(): Promise<void>;
};

/** The demo admin client the embedded stack wrote to its data directory; a clear failure when it wrote none. */
async function demoAdmin(dir: string): Promise<AdminCredentials> {
  const file = path.join(dir, 'demo-admin.json');
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new Error(`the stack wrote no demo admin client (${file}): was it started without the demo data?`, { cause: error });
  });
  const credentials = JSON.parse(text) as Partial<AdminCredentials>;
  if (typeof credentials.clientId !== 'string' || typeof credentials.clientSecret !== 'string')
    throw new Error(`${file} holds no clientId and clientSecret`);
  return { clientId: credentials.clientId, clientSecret: credentials.clientSecret };
}

/** `npm start`'s stack in this process (startFromEnvironment) on a fresh {@link testStackEnv}; `close` stops it and removes what it made. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await testStackEnv(options);
  try {
    const started = await startFromEnvironment(stack.env);
    const admin = stack.bootstrapAdmin ?? (await demoAdmin(stack.dir));
    return {
      ...stack,
      started,
      admin,
      async close() {
        await started.close();
        await stack.dispose();
      },
    };
  } catch (error) {
    await stack.dispose();
    throw error;
  }
}

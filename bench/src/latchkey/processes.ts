import path from 'node:path';
import { type BenchContext, repoRoot, serverEnv } from '../context.js';
import { CLIENTS, SECRET_KEY } from '../seed/plan.js';
import { type Child, freePort, startChild, waitForHttp } from '../servers/child.js';
import type { BenchDatabase } from './database.js';

export type LatchkeyDeployment = {
  issuer: string;
  authUrl: string;
  apiUrl: string;
  /** The process the auth scenarios' RSS is sampled from (with its cluster workers). */
  auth: Child;
  /** The process serving the admin API (the same as `auth` on the embedded database, or when it runs no api). */
  api: Child;
  setup: string;
  workers: number;
  /** Milliseconds from spawning `node dist/main.js` to its first ready `/readyz`, on the migrated and seeded database. */
  readyMs: { auth: number; api: number | null };
  stop(): Promise<void>;
};

/** How a setup through PgBouncer is named; the direct one is the same name with `PostgreSQL` instead. */
export const PGBOUNCER_SETUP = 'PostgreSQL via PgBouncer';

const appMain = (app: string) => path.join(repoRoot, 'apps', app, 'dist', 'main.js');

/**
 * Latchkey as it is deployed, in child processes of the bench: on
 * PostgreSQL the auth process (apps/auth, LATCHKEY_WORKERS workers) and the
 * api process (apps/api); on the embedded database apps/server, which runs
 * both in one process because PGlite lives in one process.
 */
export async function startLatchkey(
  ctx: BenchContext,
  database: BenchDatabase,
  workers: number,
  profileDir: string | null,
  withApi: boolean,
  /** The bench database through PgBouncer (transaction mode); null: direct. */
  pooledUrl: string | null = null,
): Promise<LatchkeyDeployment> {
  const authPort = await freePort();
  const apiPort = await freePort();
  const issuer = `http://127.0.0.1:${authPort}`;
  const common = { ...serverEnv, LATCHKEY_SECRET_KEY: SECRET_KEY, LATCHKEY_ISSUER: issuer, LOG_LEVEL: 'info' };
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const admin = { LATCHKEY_ADMIN_CLIENT_ID: CLIENTS.admin.id, LATCHKEY_ADMIN_CLIENT_SECRET: CLIENTS.admin.secret };

  if (database.kind === 'pglite') {
    const began = performance.now();
    const server = startChild({
      name: 'latchkey-server',
      script: appMain('server'),
      cwd: repoRoot,
      execArgv,
      logDir: ctx.logDir,
      env: {
        ...common,
        ...admin,
        LATCHKEY_DATA_DIR: database.dataDir,
        LATCHKEY_HOST: '127.0.0.1',
        LATCHKEY_AUTH_PORT: String(authPort),
        LATCHKEY_API_PORT: String(apiPort),
        LATCHKEY_DEMO: 'false',
      },
    });
    try {
      await waitForHttp(`${issuer}/readyz`, server);
      await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`, server);
    } catch (error) {
      await server.stop();
      throw error;
    }
    const readyMs = { auth: performance.now() - began, api: null };
    return {
      issuer,
      authUrl: issuer,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      auth: server,
      api: server,
      setup: 'embedded PGlite',
      workers: 1,
      readyMs,
      stop: () => server.stop(),
    };
  }

  const databaseEnv: Record<string, string> = pooledUrl
    ? { DATABASE_URL: pooledUrl, LATCHKEY_DB_POOLER: 'transaction', LATCHKEY_MIGRATION_DATABASE_URL: database.url }
    : { DATABASE_URL: database.url };
  const authBegan = performance.now();
  const auth = startChild({
    name: `latchkey-auth-w${workers}${pooledUrl ? '-pgbouncer' : ''}`,
    script: appMain('auth'),
    cwd: repoRoot,
    execArgv,
    logDir: ctx.logDir,
    env: {
      ...common,
      ...admin,
      ...databaseEnv,
      LATCHKEY_HOST: '127.0.0.1',
      LATCHKEY_AUTH_PORT: String(authPort),
      LATCHKEY_WORKERS: String(workers),
    },
  });
  try {
    await waitForHttp(`${issuer}/readyz`, auth);
  } catch (error) {
    await auth.stop();
    throw error;
  }
  const authReadyMs = performance.now() - authBegan;
  const apiBegan = performance.now();
  // Started once auth is up: both apply migrations at startup, and two at once wait on
  // one advisory lock, which Prisma's schema engine gives up on after 10 s.
  // The api does not depend on the auth worker count: one deployment runs it.
  const api = withApi
    ? startChild({
        name: 'latchkey-api',
        script: appMain('api'),
        cwd: repoRoot,
        execArgv,
        logDir: ctx.logDir,
        env: {
          ...serverEnv,
          ...databaseEnv,
          LATCHKEY_SECRET_KEY: SECRET_KEY,
          LATCHKEY_ISSUER: issuer,
          LATCHKEY_API_HOST: '127.0.0.1',
          LATCHKEY_API_PORT: String(apiPort),
          LATCHKEY_LOG_LEVEL: 'info',
        },
      })
    : auth;
  const stop = async () => {
    await Promise.all([auth.stop(), api.stop()]);
  };
  try {
    if (withApi) await waitForHttp(`http://127.0.0.1:${apiPort}/readyz`, api);
  } catch (error) {
    await stop();
    throw error;
  }
  const readyMs = { auth: authReadyMs, api: withApi ? performance.now() - apiBegan : null };
  return {
    issuer,
    authUrl: issuer,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    auth,
    api,
    setup: `${pooledUrl ? PGBOUNCER_SETUP : 'PostgreSQL'}, ${workers} auth worker${workers === 1 ? '' : 's'}`,
    workers,
    readyMs,
    stop,
  };
}

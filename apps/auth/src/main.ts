// The auth server as a process: the only module that reads the environment.
// With LATCHKEY_WORKERS > 1 (PostgreSQL only) the primary migrates and
// prepares the database once, then forks workers that share the port.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import {
  createSecretBox,
  createSqlDb,
  databaseOptions,
  describeDatabase,
  ensureSigningKey,
  migrateInChildProcess,
  type SqlDb,
  startMaintenance,
} from '@latchkey/db';
import { createLogger, createMetrics, flushLogger, readSettings, startMetricsServer } from '@latchkey/runtime';
import { ensureAdminClient } from './bootstrap/admin-client.js';
import { authEnvSchema } from './env.js';
import { createAuthServer } from './server.js';

const settings = readSettings(authEnvSchema, process.env);
if (!settings.ok) {
  console.error(`latchkey auth: invalid environment\n${settings.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
const { env, policy } = settings;
const logger = createLogger(env.LOG_LEVEL);
const workers = env.LATCHKEY_WORKERS === 'auto' ? availableParallelism() : env.LATCHKEY_WORKERS;
const secretBox = createSecretBox(env.LATCHKEY_SECRET_KEY);
const dbOptions = databaseOptions(env);

async function prepare() {
  // On PostgreSQL a child process migrates, so the serving process never loads the schema engine.
  if (env.DATABASE_URL) await migrateInChildProcess(process.env);
  const db = await createSqlDb(dbOptions);
  const applied = env.DATABASE_URL ? [] : await db.migrate();
  await ensureSigningKey(db, secretBox);
  if (env.LATCHKEY_ADMIN_CLIENT_ID && env.LATCHKEY_ADMIN_CLIENT_SECRET) {
    await ensureAdminClient(db, env.LATCHKEY_ADMIN_CLIENT_ID, env.LATCHKEY_ADMIN_CLIENT_SECRET);
  }
  logger.info({ database: describeDatabase(dbOptions), applied }, 'database ready');
  return db;
}

async function serve(db: SqlDb, maintain: boolean) {
  const metrics = env.LATCHKEY_METRICS_PORT !== undefined ? createMetrics({ poolStats: db.poolStats }) : undefined;
  const auth = await createAuthServer({
    metrics,
    db,
    issuer: env.LATCHKEY_ISSUER,
    audience: env.LATCHKEY_AUDIENCE,
    secretBox,
    policy,
    logger,
    trustProxy: env.LATCHKEY_TRUST_PROXY,
    trustedProxyHops: env.LATCHKEY_TRUSTED_PROXY_HOPS,
  });
  const listening = await auth.listen(env.LATCHKEY_AUTH_PORT, env.LATCHKEY_HOST);
  const metricsListening =
    metrics && env.LATCHKEY_METRICS_PORT !== undefined
      ? await startMetricsServer(metrics, env.LATCHKEY_METRICS_PORT, env.LATCHKEY_METRICS_HOST)
      : null;
  if (metricsListening) logger.info({ url: metricsListening.url }, 'metrics listening');
  const stopMaintenance = maintain
    ? startMaintenance(db, { onError: (err) => logger.error({ err }, 'maintenance failed') })
    : async () => {};
  logger.info({ issuer: env.LATCHKEY_ISSUER, port: listening.port, pid: process.pid }, 'latchkey auth listening');

  // SIGTERM drains: stop accepting, let in-flight requests finish, then close the database.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    setTimeout(() => process.exit(1), 10_000).unref();
    await Promise.all([listening.close(), metricsListening?.close()]);
    await Promise.all([auth.close(), stopMaintenance()]);
    await db.close();
    logger.info({ signal }, 'stopped');
    await flushLogger(logger);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (workers === 1) {
  await serve(await prepare(), true);
} else if (cluster.isPrimary) {
  await (await prepare()).close();
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code }, 'worker exited; starting another');
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  // Only the first worker purges on a schedule; the others just serve.
  await serve(await createSqlDb(dbOptions), cluster.worker?.id === 1);
}

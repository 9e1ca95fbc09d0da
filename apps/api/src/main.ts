// The api's process: the only place that reads the environment.
import { createDb, createSecretBox, databaseOptions, describeDatabase, migrateInChildProcess } from '@latchkey/db';
import { createLogger, createMetrics, flushLogger, readSettings, startMetricsServer } from '@latchkey/runtime';
import { apiEnvSchema } from './env.js';
import { createApiServer } from './server.js';

const settings = readSettings(apiEnvSchema, process.env);
if (!settings.ok) {
  console.error(`latchkey api: invalid environment\n${settings.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
const { env, policy } = settings;
const logger = createLogger(env.LOG_LEVEL);
const dbOptions = databaseOptions(env);
// On PostgreSQL a child process migrates, so this process never loads the schema engine.
if (env.DATABASE_URL) await migrateInChildProcess(process.env);
const db = await createDb(dbOptions);
if (!env.DATABASE_URL) await db.migrate();

const metrics = env.LATCHKEY_METRICS_PORT !== undefined ? createMetrics({ poolStats: db.poolStats }) : undefined;
const server = createApiServer({
  metrics,
  db,
  policy,
  secretBox: createSecretBox(env.LATCHKEY_SECRET_KEY),
  issuer: env.LATCHKEY_ISSUER,
  ...(env.LATCHKEY_AUDIENCE ? { audience: env.LATCHKEY_AUDIENCE } : {}),
  logger,
  trustProxy: env.LATCHKEY_TRUST_PROXY,
  trustedProxyHops: env.LATCHKEY_TRUSTED_PROXY_HOPS,
});
const { url, close } = await server.listen(env.LATCHKEY_API_PORT, env.LATCHKEY_HOST);
logger.info({ url: `${url}/trpc`, database: describeDatabase(dbOptions), issuer: env.LATCHKEY_ISSUER }, 'admin api listening');
const metricsListening =
  metrics && env.LATCHKEY_METRICS_PORT !== undefined
    ? await startMetricsServer(metrics, env.LATCHKEY_METRICS_PORT, env.LATCHKEY_METRICS_HOST)
    : null;
if (metricsListening) logger.info({ url: metricsListening.url }, 'metrics listening');

// A load balancer sends SIGTERM: finish the requests in flight, then let go of the database.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'draining');
    Promise.all([close(), metricsListening?.close()])
      .then(() => db.close())
      .then(() => logger.info({ signal }, 'stopped'))
      .then(() => flushLogger(logger))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}

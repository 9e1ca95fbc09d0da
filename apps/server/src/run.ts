import { createDb, databaseOptions, dataDirectory, describeDatabase } from '@latchkey/db';
import { createLogger, createMetrics, flushLogger, readSettings } from '@latchkey/runtime';
import { banner } from './banner.js';
import { consoleDist } from './console-client.js';
import { serverEnvSchema, wantsDemo } from './env.js';
import { embeddedSecretKey } from './secret-key.js';
import { type Running, startLatchkey } from './start.js';

export type Started = { running: Running; banner: string; close(): Promise<void> };

/**
 * `npm start` from an environment (main.ts passes process.env): parse it,
 * open and migrate the database, start both servers and answer the banner.
 * Throws with every problem of an invalid environment listed.
 */
export async function startFromEnvironment(environment: Record<string, string | undefined>): Promise<Started> {
  const settings = readSettings(serverEnvSchema, environment);
  if (!settings.ok) throw new Error(`invalid environment\n${settings.problems.map((p) => `  ${p}`).join('\n')}`);
  const { env, policy } = settings;
  const logger = createLogger(env.LOG_LEVEL);
  const dataDir = env.DATABASE_URL ? null : dataDirectory(env);
  const dbOptions = databaseOptions(env);
  const db = await createDb(dbOptions);
  await db.migrate();

  const running = await startLatchkey({
    db,
    policy,
    logger,
    secretKey: env.LATCHKEY_SECRET_KEY ?? (await embeddedSecretKey(dataDir ?? '.data')),
    issuer: env.LATCHKEY_ISSUER ?? `http://localhost:${env.LATCHKEY_AUTH_PORT}`,
    audience: env.LATCHKEY_AUDIENCE,
    host: env.LATCHKEY_HOST,
    authPort: env.LATCHKEY_AUTH_PORT,
    apiPort: env.LATCHKEY_API_PORT,
    trustProxy: env.LATCHKEY_TRUST_PROXY,
    trustedProxyHops: env.LATCHKEY_TRUSTED_PROXY_HOPS,
    admin:
      env.LATCHKEY_ADMIN_CLIENT_ID && env.LATCHKEY_ADMIN_CLIENT_SECRET
        ? { clientId: env.LATCHKEY_ADMIN_CLIENT_ID, clientSecret: env.LATCHKEY_ADMIN_CLIENT_SECRET }
        : undefined,
    demo: wantsDemo(env),
    ...(env.LATCHKEY_METRICS_PORT !== undefined
      ? {
          metrics: {
            metrics: createMetrics({ poolStats: db.poolStats }),
            port: env.LATCHKEY_METRICS_PORT,
            host: env.LATCHKEY_METRICS_HOST,
          },
        }
      : {}),
    dataDir,
    consoleDir: consoleDist(),
    consoleUrl: env.LATCHKEY_CONSOLE_URL,
  });
  const text = banner({
    database: describeDatabase(dbOptions),
    authUrl: running.authUrl,
    apiUrl: running.apiUrl.replace('0.0.0.0', 'localhost'),
    consoleUrl: running.consoleUrl,
    logins: running.logins,
    embedded: !env.DATABASE_URL,
  });
  return {
    running,
    banner: text,
    async close() {
      await running.close();
      await db.close();
      await flushLogger(logger);
    },
  };
}

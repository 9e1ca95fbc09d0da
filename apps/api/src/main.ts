// The api's process: the only place that reads the environment.
import { readFileSync } from 'node:fs';
import { defaultPolicy, parsePolicy } from '@latchkey/core';
import { createDb, createSecretBox, databaseOptions, describeDatabase, migrateInChildProcess } from '@latchkey/db';
import { pino } from 'pino';
import { parseApiEnv } from './env.js';
import { createApiServer } from './server.js';

const parsed = parseApiEnv(process.env);
if (!parsed.ok) {
  console.error(`latchkey api: invalid environment\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
const { env } = parsed;
const logger = pino({ level: env.LOG_LEVEL });
const policy = env.LATCHKEY_POLICY_FILE ? parsePolicy(JSON.parse(readFileSync(env.LATCHKEY_POLICY_FILE, 'utf8'))) : defaultPolicy;
const dbOptions = databaseOptions(env);
// On PostgreSQL a child process migrates, so this process never loads the schema engine.
if (env.DATABASE_URL) await migrateInChildProcess(process.env);
const db = await createDb(dbOptions);
if (!env.DATABASE_URL) await db.migrate();

const server = createApiServer({
  db,
  policy,
  secretBox: createSecretBox(env.LATCHKEY_SECRET_KEY),
  issuer: env.LATCHKEY_ISSUER,
  ...(env.LATCHKEY_AUDIENCE ? { audience: env.LATCHKEY_AUDIENCE } : {}),
  logger,
  trustProxy: env.LATCHKEY_TRUST_PROXY,
});
const { url, close } = await server.listen(env.LATCHKEY_API_PORT, env.LATCHKEY_HOST);
logger.info({ url: `${url}/trpc`, database: describeDatabase(dbOptions), issuer: env.LATCHKEY_ISSUER }, 'admin api listening');

// A load balancer sends SIGTERM: finish the requests in flight, then let go of the database.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'draining');
    close()
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}

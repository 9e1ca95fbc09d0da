// `npm start`: Latchkey in one process. The only module that reads the environment.
import { readFileSync } from 'node:fs';
import { createLogger, flushLogger } from '@latchkey/auth';
import { defaultPolicy, parsePolicy } from '@latchkey/core';
import { createDb, databaseOptions, dataDirectory, describeDatabase } from '@latchkey/db';
import { banner } from './banner.js';
import { serverEnvSchema } from './env.js';
import { embeddedSecretKey } from './secret-key.js';
import { startLatchkey } from './start.js';

const parsed = serverEnvSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(`latchkey: invalid environment\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(1);
}
const env = parsed.data;
const logger = createLogger(env.LOG_LEVEL);
const policy = env.LATCHKEY_POLICY_FILE ? parsePolicy(JSON.parse(readFileSync(env.LATCHKEY_POLICY_FILE, 'utf8'))) : defaultPolicy;
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
  admin:
    env.LATCHKEY_ADMIN_CLIENT_ID && env.LATCHKEY_ADMIN_CLIENT_SECRET
      ? { clientId: env.LATCHKEY_ADMIN_CLIENT_ID, clientSecret: env.LATCHKEY_ADMIN_CLIENT_SECRET }
      : undefined,
  demo: env.LATCHKEY_DEMO,
  dataDir,
});
console.log(
  banner({
    database: describeDatabase(dbOptions),
    authUrl: running.authUrl,
    apiUrl: running.apiUrl.replace('0.0.0.0', 'localhost'),
    adminCredentialsFile: running.adminCredentialsFile,
    demo: env.LATCHKEY_DEMO,
  }),
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  await running.close();
  await db.close();
  await flushLogger(logger);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

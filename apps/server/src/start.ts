import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createApiServer } from '@latchkey/api';
import { createAuthServer, ensureAdminClient } from '@latchkey/auth';
import type { Policy } from '@latchkey/core';
import { createSecretBox, type Db, startMaintenance } from '@latchkey/db';
import { type Metrics, startMetricsServer } from '@latchkey/runtime';
import type { Logger } from 'pino';
import { CONSOLE_CLIENT_ID, ensureConsoleClient } from './console-client.js';
import { seedDemoWorld } from './demo-seed.js';
import { type WorkingLogins, workingLogins } from './working-logins.js';

export type StartOptions = {
  db: Db;
  policy: Policy;
  logger: Logger;
  secretKey: string;
  issuer: string;
  audience?: string;
  host: string;
  authPort: number;
  apiPort: number;
  trustProxy: boolean;
  /** Proxies that append to X-Forwarded-For (default 1). */
  trustedProxyHops?: number;
  admin?: { clientId: string; clientSecret: string };
  /** Prometheus metrics of both servers on a listener of their own; none: not measured. */
  metrics?: { metrics: Metrics; port: number; host: string };
  /** Seed the demo world's missing rows. */
  demo: boolean;
  /** Where to keep the demo admin client's credentials (0600); null: nowhere. */
  dataDir: string | null;
  /** The console's built files; null or left out: no console. */
  consoleDir?: string | null;
  /** Where browsers reach the console, when not at the admin API's own URL (a proxy in front). */
  consoleUrl?: string;
};

export type Running = {
  authUrl: string;
  apiUrl: string;
  /** Where Prometheus scrapes, when LATCHKEY_METRICS_PORT is set. */
  metricsUrl: string | null;
  /** The back-office console's URL, when it is served. */
  consoleUrl: string | null;
  /** The logins that work, for the banner (checked against the database after seeding). */
  logins: WorkingLogins;
  /** The demo admin client's credentials file, when the demo made or kept one. */
  adminCredentialsFile: string | null;
  close(): Promise<void>;
};

const NO_LOGINS: WorkingLogins = { customer: null, bigCommerce: null, agent: null, editor: null, viewer: null, admin: null };

async function knownSecret(file: string | null): Promise<string | null> {
  const text = file ? await readFile(file, 'utf8').catch(() => null) : null;
  try {
    const parsed = text ? (JSON.parse(text) as { clientSecret?: unknown }) : null;
    return typeof parsed?.clientSecret === 'string' ? parsed.clientSecret : null;
  } catch {
    return null;
  }
}

/**
 * The bootstrap admin client from the environment, else (with the demo and
 * a data directory to keep its secret in) the demo's own; the demo's other
 * rows are made where missing. Answers what the banner may print.
 */
async function prepare(options: StartOptions, secretBox: ReturnType<typeof createSecretBox>) {
  const { db } = options;
  if (options.admin) await ensureAdminClient(db, options.admin.clientId, options.admin.clientSecret);
  const file = options.dataDir ? path.join(options.dataDir, 'demo-admin.json') : null;
  if (!options.demo) {
    const logins = options.admin
      ? await workingLogins(db, { ...options.admin, secret: options.admin.clientSecret, secretIn: 'LATCHKEY_ADMIN_CLIENT_SECRET' })
      : NO_LOGINS;
    return { logins: { ...NO_LOGINS, admin: logins.admin }, adminCredentialsFile: null };
  }
  const wantsDemoAdmin = !options.admin && file !== null;
  const before = wantsDemoAdmin ? await knownSecret(file) : null;
  const seeded = await seedDemoWorld(db, secretBox, options.policy, wantsDemoAdmin ? { knownSecret: before } : null);
  if (seeded.admin && file && seeded.admin.clientSecret !== before) {
    await writeFile(file, `${JSON.stringify(seeded.admin, null, 2)}\n`, { mode: 0o600 });
  }
  const admin = options.admin
    ? { clientId: options.admin.clientId, secret: options.admin.clientSecret, secretIn: 'LATCHKEY_ADMIN_CLIENT_SECRET' }
    : seeded.admin && file
      ? { clientId: seeded.admin.clientId, secret: seeded.admin.clientSecret, secretIn: file }
      : null;
  return { logins: await workingLogins(db, admin), adminCredentialsFile: seeded.admin ? file : null };
}

/** Auth server and admin API in one process on one database: the embedded default. */
export async function startLatchkey(options: StartOptions): Promise<Running> {
  const { db, policy, logger } = options;
  const secretBox = createSecretBox(options.secretKey);
  const { logins, adminCredentialsFile } = await prepare(options, secretBox);

  const auth = await createAuthServer({
    db,
    issuer: options.issuer,
    audience: options.audience,
    secretBox,
    policy,
    logger,
    trustProxy: options.trustProxy,
    trustedProxyHops: options.trustedProxyHops ?? 1,
    metrics: options.metrics?.metrics,
  });
  const authListening = await auth.listen(options.authPort, options.host);
  const api = createApiServer({
    db,
    policy,
    secretBox,
    issuer: options.issuer,
    audience: options.audience,
    logger,
    trustProxy: options.trustProxy,
    trustedProxyHops: options.trustedProxyHops ?? 1,
    metrics: options.metrics?.metrics,
    ...(options.consoleDir
      ? { console: { dir: options.consoleDir, config: { issuer: options.issuer, clientId: CONSOLE_CLIENT_ID } } }
      : {}),
  });
  const apiListening = await api.listen(options.apiPort, options.host);
  // The redirect URI names the port, known only now when it was 0.
  const consoleUrl = options.consoleDir ? (options.consoleUrl ?? `${apiListening.url}/console/`) : null;
  if (consoleUrl) await ensureConsoleClient(db, consoleUrl);
  const metricsListening = options.metrics
    ? await startMetricsServer(options.metrics.metrics, options.metrics.port, options.metrics.host)
    : null;
  const stopMaintenance = startMaintenance(db, { onError: (err) => logger.error({ err }, 'maintenance failed') });

  return {
    authUrl: options.issuer,
    apiUrl: apiListening.url,
    metricsUrl: metricsListening?.url ?? null,
    consoleUrl,
    logins,
    adminCredentialsFile,
    async close() {
      await Promise.all([authListening.close(), apiListening.close(), metricsListening?.close()]);
      await Promise.all([auth.close(), stopMaintenance()]);
    },
  };
}

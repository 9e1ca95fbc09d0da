import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createApiServer } from '@latchkey/api';
import { createAuthServer, ensureAdminClient } from '@latchkey/auth';
import type { Policy } from '@latchkey/core';
import { createSecretBox, type Db, startMaintenance } from '@latchkey/db';
import type { Logger } from 'pino';
import { type DemoWorld, seedDemoWorld } from './demo-seed.js';

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
  admin?: { clientId: string; clientSecret: string };
  /** Seed the demo world into an empty database. */
  demo: boolean;
  /** Where to keep the demo admin client's credentials (0600); null: nowhere. */
  dataDir: string | null;
};

export type Running = {
  authUrl: string;
  apiUrl: string;
  demo: DemoWorld | null;
  adminCredentialsFile: string | null;
  close(): Promise<void>;
};

/** Auth server and admin API in one process on one database: the embedded default. */
export async function startLatchkey(options: StartOptions): Promise<Running> {
  const { db, policy, logger } = options;
  const secretBox = createSecretBox(options.secretKey);
  if (options.admin) await ensureAdminClient(db, options.admin.clientId, options.admin.clientSecret);
  const demo = options.demo ? await seedDemoWorld(db, secretBox, policy, !options.admin) : null;
  const adminCredentialsFile = options.dataDir ? path.join(options.dataDir, 'demo-admin.json') : null;
  if (demo?.admin && adminCredentialsFile) {
    await writeFile(adminCredentialsFile, `${JSON.stringify(demo.admin, null, 2)}\n`, { mode: 0o600 });
  }

  const auth = await createAuthServer({
    db,
    issuer: options.issuer,
    audience: options.audience,
    secretBox,
    policy,
    logger,
    trustProxy: options.trustProxy,
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
  });
  const apiListening = await api.listen(options.apiPort, options.host);
  const stopMaintenance = startMaintenance(db, { onError: (err) => logger.error({ err }, 'maintenance failed') });

  return {
    authUrl: options.issuer,
    apiUrl: apiListening.url,
    demo,
    adminCredentialsFile,
    async close() {
      await Promise.all([authListening.close(), apiListening.close()]);
      await Promise.all([auth.close(), stopMaintenance()]);
    },
  };
}

// Two auth processes and one api process on one PostgreSQL through PgBouncer
// in transaction mode, behind a round-robin balancer whose URL is the issuer:
// the deployment README "Production" describes, on one machine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPgBouncer, startPgBouncer } from '@latchkey/db/pgbouncer';
import { type TestDb, testPostgres, withDatabase } from '@latchkey/db/testing';
import { type AuthProcess, startAuthProcess } from '../process/auth-process.js';
import { type Balancer, startBalancer } from '../process/balancer.js';
import { freePort } from '../process/free-port.js';

export type Cluster = {
  readonly nodes: AuthProcess[];
  readonly api: AuthProcess;
  readonly balancer: Balancer;
  /** Where the processes' database connections go: the CI's PgBouncer, or one started for this cluster. */
  readonly pooledUrl: string;
  readonly readyMs: number[];
  stop(): Promise<void>;
};

export type ClusterOptions = {
  secretKey: string;
  admin: { id: string; secret: string };
  /** The JSON policy every process reads (LATCHKEY_POLICY_FILE). */
  policy: Record<string, unknown>;
  nodeCount?: number;
};

/** Starts the cluster on a test database; every process connects through a transaction pooler. */
export async function startCluster(db: TestDb, options: ClusterOptions): Promise<Cluster> {
  const postgres = testPostgres();
  if (!postgres || !db.url) throw new Error('a cluster needs PostgreSQL (DATABASE_URL)');
  // Behind the CI's PgBouncer already (LATCHKEY_DB_POOLER=transaction), or in front of the direct URL here.
  let bouncer: RunningPgBouncer | null = null;
  let databaseEnv = db.processEnv;
  if (!postgres.pooler) {
    bouncer = await startPgBouncer({ target: postgres.directUrl });
    const name = new URL(db.url).pathname.slice(1);
    databaseEnv = {
      DATABASE_URL: withDatabase(bouncer.url, name),
      LATCHKEY_DB_POOLER: 'transaction',
      LATCHKEY_MIGRATION_DATABASE_URL: db.url,
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-nodes-'));
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify(options.policy));

  const ports = await Promise.all(Array.from({ length: options.nodeCount ?? 2 }, () => freePort()));
  const balancer = await startBalancer(ports.map((port) => `http://127.0.0.1:${port}`));
  const started: AuthProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
    await balancer.close();
    await bouncer?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const common = { databaseEnv, secretKey: options.secretKey, issuer: balancer.url };
    // At once, as a deployment starts them: both migrate, ensure the signing key and the bootstrap client.
    const nodes = await Promise.all(
      ports.map(async (port) => {
        const node = await startAuthProcess({
          ...common,
          port,
          extraEnv: {
            LATCHKEY_POLICY_FILE: policyFile,
            LATCHKEY_ADMIN_CLIENT_ID: options.admin.id,
            LATCHKEY_ADMIN_CLIENT_SECRET: options.admin.secret,
          },
        });
        started.push(node);
        return node;
      }),
    );
    const api = await startAuthProcess({ ...common, app: 'api', port: await freePort(), extraEnv: { LATCHKEY_POLICY_FILE: policyFile } });
    started.push(api);
    return {
      nodes,
      api,
      balancer,
      pooledUrl: databaseEnv.DATABASE_URL!,
      readyMs: [...nodes, api].map((p) => (p as AuthProcess & { readyMs: number }).readyMs),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

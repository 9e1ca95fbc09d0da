import type { SqlDb } from './sql-db.js';
import { tsParam } from './sql-time.js';

export type PurgeResult = { oidcPayloads: number; usedJtis: number; loginFailureCounters: number };

const purge = (table: string, column: string) =>
  `WITH gone AS (DELETE FROM ${table} WHERE ${column} < ${tsParam('$1')} RETURNING 1) SELECT count(*)::int AS n FROM gone`;
const PURGE_PAYLOADS = purge('oidc_payloads', 'expires_at');
const PURGE_JTIS = purge('used_jtis', 'expires_at');
const PURGE_COUNTERS = purge('login_failure_counters', 'last_failure_at');

/**
 * Deletes rows nothing can use any more. Login tokens are kept: the back
 * office lists expired ones, and deleting them is its decision.
 */
export async function purgeExpired(db: Pick<SqlDb, 'sql'>, now: Date, counterRetentionSeconds = 24 * 3600): Promise<PurgeResult> {
  const count = async (statement: string, before: number) => (await db.sql<{ n: number }>(statement, [before]))[0]?.n ?? 0;
  const [oidcPayloads, usedJtis, loginFailureCounters] = await Promise.all([
    count(PURGE_PAYLOADS, now.getTime()),
    count(PURGE_JTIS, now.getTime()),
    count(PURGE_COUNTERS, now.getTime() - counterRetentionSeconds * 1000),
  ]);
  return { oidcPayloads, usedJtis, loginFailureCounters };
}

export type MaintenanceOptions = {
  intervalMs?: number;
  clock?: () => Date;
  onResult?: (result: PurgeResult) => void;
  onError?: (error: unknown) => void;
};

/**
 * Purges on a schedule; on PGlite, which has no autovacuum, also VACUUMs.
 * Returns a function that stops the schedule and waits for a running pass.
 */
export function startMaintenance(db: Pick<SqlDb, 'sql' | 'pglite'>, options: MaintenanceOptions = {}): () => Promise<void> {
  const { intervalMs = 10 * 60_000, clock = () => new Date(), onResult, onError } = options;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    const result = await purgeExpired(db, clock());
    if (db.pglite) await db.pglite.exec('VACUUM');
    onResult?.(result);
  };
  const timer = setInterval(() => {
    running = running.then(pass).catch((error: unknown) => onError?.(error));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

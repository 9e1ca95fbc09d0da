import type { Db } from './create-db.js';

export type PurgeResult = { oidcPayloads: number; usedJtis: number; loginFailureCounters: number };

/**
 * Deletes rows nothing can use any more. Login tokens are kept: the back
 * office lists expired ones, and deleting them is its decision.
 */
export async function purgeExpired(db: Db, now: Date, counterRetentionSeconds = 24 * 3600): Promise<PurgeResult> {
  const { prisma } = db;
  const [oidcPayloads, usedJtis, loginFailureCounters] = await Promise.all([
    prisma.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.usedJti.deleteMany({ where: { expiresAt: { lt: now } } }),
    prisma.loginFailureCounter.deleteMany({ where: { lastFailureAt: { lt: new Date(now.getTime() - counterRetentionSeconds * 1000) } } }),
  ]);
  return { oidcPayloads: oidcPayloads.count, usedJtis: usedJtis.count, loginFailureCounters: loginFailureCounters.count };
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
export function startMaintenance(db: Db, options: MaintenanceOptions = {}): () => Promise<void> {
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

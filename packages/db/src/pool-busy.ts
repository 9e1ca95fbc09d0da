/**
 * Whether an error, or any error in its cause chain, says a query found
 * every connection of the pool busy for the whole wait (sql-db.ts's
 * DEFAULT_POOL_WAIT_MS): pg-pool's connection timeout, which reaches
 * callers through Prisma's pg adapter unchanged, and Prisma's own P2028
 * ("Unable to start a transaction in the given time"). Such a request did
 * nothing and may be retried; callers answer it with 503 and Retry-After.
 */
export function isPoolBusy(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    // pg-pool 3 gives this error no code: its message is the only mark.
    if (e instanceof Error && e.message === 'timeout exceeded when trying to connect') return true;
    if ((e as { code?: unknown }).code === 'P2028') return true;
  }
  return false;
}

/** What a busy pool's caller tells its client to wait, in seconds. */
export const POOL_BUSY_RETRY_AFTER_SECONDS = 1;

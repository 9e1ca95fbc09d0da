/**
 * Runs at most `concurrency` tasks at once, the rest in arrival order.
 * Password hashing goes through one of these: with 50 logins in flight,
 * libuv's pool would otherwise hold every argon2 job at once (19 MiB each)
 * while the signing and database work of finished verifications waits
 * behind them.
 */
export function createLimiter(concurrency: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

export type Limiter = ReturnType<typeof createLimiter>;

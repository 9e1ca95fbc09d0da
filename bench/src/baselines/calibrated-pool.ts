import { createTokenPool, type PoolUsage, type TokenPool } from '../load/pool.js';
import type { LoadResult } from '../load/run-load.js';
import { poolSizeFor, type RunSettings } from '../load/settings.js';
import { Stopper } from '../load/stopper.js';

/**
 * Single-use items a baseline mints in memory on demand: a first batch for
 * the warm-up, then one sized from the warm-up's steady rate (or
 * `estimateRps`, if higher) for the measured rounds, with a wide margin.
 */
export function calibratedPool<T>(settings: RunSettings, mint: (count: number) => Promise<T[]>, estimateRps: number) {
  const stopper = new Stopper();
  const warmupStopper = new Stopper();
  let pool: TokenPool<T> | null = null;
  const take = () => pool!.take();
  return {
    take,
    /** The runner fields a baseline's pool provides, to spread into its Runner. */
    runnerFields: {
      stopper,
      warmupStopper,
      pool: (): PoolUsage => pool!.usage(),
      async prepare() {
        const warmupSeconds = Math.max(settings.warmupSeconds, 1);
        pool = createTokenPool(
          await mint(poolSizeFor(estimateRps, { ...settings, durationSeconds: 0, rewarmSeconds: 0, warmupSeconds }, 1.5)),
          () => warmupStopper.trigger(),
        );
      },
      async afterWarmup(warmup: LoadResult | null) {
        pool = createTokenPool(
          await mint(poolSizeFor(Math.max(warmup?.tailRps ?? 0, estimateRps), { ...settings, warmupSeconds: 0 }, 3)),
          () => stopper.trigger(),
        );
      },
    },
  };
}

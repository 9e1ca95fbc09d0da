import type { BenchContext } from '../context.js';
import type { LatchkeyTarget } from '../scenarios/latchkey-run.js';
import { refreshRunner } from '../scenarios/refresh.js';
import type { Runner } from '../scenarios/runner.js';
import { type BenchDatabase, createPostgresDatabase } from './database.js';
import { type LatchkeyDeployment, startLatchkey } from './processes.js';
import { planPools, type RateEstimates, seedDatabase } from './seed.js';

/** How the setup of the refresh at scale is named: its deployment's own name with this after it. */
export const AT_SCALE = ', sessions at scale';

export type ScaleSetup = { database: BenchDatabase; deployment: LatchkeyDeployment; runner: Runner; sessions: number };

/**
 * The refresh measured against a table of a million live sessions (20,000
 * with --smoke): a database and a one-worker deployment of its own, so the
 * other scenarios keep their small table, measured in the same rounds as
 * the plain refresh; the ratio of the two is how a refresh's cost grows with
 * the data. PostgreSQL only (PGlite holds one database per process).
 */
export async function startScaleSetup(
  ctx: BenchContext,
  serverUrl: string,
  estimates: RateEstimates,
  /** With --profile: where its auth process writes its CPU profile. */
  profileDir: string | null,
): Promise<ScaleSetup> {
  const filler = ctx.options.smoke ? 20_000 : 1_000_000;
  const database = await createPostgresDatabase(serverUrl);
  try {
    const onlyRefresh = (s: string) => s === 'refresh';
    const plan = planPools(ctx, estimates, onlyRefresh);
    ctx.log(`seeding ${database.describe} for the refresh at scale: ${plan.refreshTokens} pool sessions and ${filler} more`);
    const seeded = await seedDatabase(ctx, database, [plan], onlyRefresh, filler);
    ctx.log(`seeded the scale database: ${seeded.sessions.toLocaleString('en-US')} live sessions`);
    const started = await startLatchkey(ctx, database, 1, profileDir, false);
    const deployment = { ...started, setup: `${started.setup}${AT_SCALE}` };
    const target: LatchkeyTarget = { deployment, database: 'postgres', databasePids: () => database.backendPids() };
    const runner = refreshRunner(ctx, target, seeded.setups[0]!.refreshTokens, {
      scenario: 'refresh-1m-sessions',
      label: 'refresh (rotation) among 1M live sessions',
      notes: [`${seeded.sessions.toLocaleString('en-US')} live sessions in the table`],
    });
    return { database, deployment, runner, sessions: seeded.sessions };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

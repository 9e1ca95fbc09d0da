import { type BenchContext, childScript } from '../context.js';
import { poolSizeFor } from '../load/settings.js';
import type { ScenarioName } from '../options.js';
import { type PoolPlan, SECRET_KEY, type SeedConfig, type SeedResult } from '../seed/plan.js';
import { nextMessage, startChild } from '../servers/child.js';
import type { BenchDatabase } from './database.js';

export type RateEstimates = { passwordRps: number; refreshRps: number };

/**
 * Pool sizes per setup from the baselines measured first: a password grant
 * cannot outrun the argon2 ceiling, nor a Latchkey refresh, exchange or
 * redemption the bare in-memory oidc-provider by much; twice that, over
 * warm-up and measured time, plus one per connection.
 */
export function planPools(ctx: BenchContext, estimates: RateEstimates, want: (s: ScenarioName) => boolean): PoolPlan {
  const size = (rps: number) => poolSizeFor(rps, ctx.run, 2);
  return {
    passwordUsers: want('password') ? poolSizeFor(estimates.passwordRps, ctx.slowRun, 2) : 0,
    refreshTokens: want('refresh') ? size(estimates.refreshRps) : 0,
    loginTokens: want('login-token') ? size(estimates.refreshRps) : 0,
    exchangeSubjects: want('exchange') || want('verifier') ? (ctx.options.smoke ? 20 : 400) + 1 : 0,
    gluePasswordUsers: want('glue-access-tokens') ? poolSizeFor(estimates.passwordRps, ctx.slowRun, 2) : 0,
    glueRefreshTokens: want('glue-refresh-tokens') ? size(estimates.refreshRps) : 0,
    glueExchangeSubjects: want('glue-company-user') ? (ctx.options.smoke ? 20 : 400) : 0,
    storefrontTokenUsers: want('storefront-token') ? poolSizeFor(estimates.passwordRps, ctx.slowRun, 2) : 0,
  };
}

/** Migrates and seeds the bench database in a child process, before any server starts. */
export async function seedDatabase(
  ctx: BenchContext,
  database: BenchDatabase,
  setups: PoolPlan[],
  want: (s: ScenarioName) => boolean,
  fillerSessions = 0,
): Promise<SeedResult> {
  const config: SeedConfig = {
    database: database.kind === 'postgres' ? { url: database.url } : { dataDir: database.pgliteDir },
    secretKey: SECRET_KEY,
    setups,
    introspectionTokens: want('introspection') ? (ctx.options.smoke ? 50 : 2_000) : 0,
    listRows: want('login-tokens-list') ? ctx.options.listRows : 0,
    fillerSessions,
  };
  const child = startChild({
    name: 'seed',
    script: childScript('seed/child.js'),
    env: { BENCH_CHILD_CONFIG: JSON.stringify(config) },
    logDir: ctx.logDir,
  });
  try {
    return await nextMessage<SeedResult>(child, 'seeded', 3_600_000);
  } finally {
    await child.stop(120_000);
  }
}

import type { BenchContext } from '../context.js';
import type { LatchkeyDeployment } from '../latchkey/processes.js';
import { createTokenPool, type TokenPool } from '../load/pool.js';
import type { RequestShape } from '../load/run-load.js';
import type { RunSettings } from '../load/settings.js';
import { Stopper } from '../load/stopper.js';
import type { ScenarioName } from '../options.js';
import type { MeasurementMeta } from './measurement.js';
import type { Runner } from './runner.js';

export type LatchkeyTarget = {
  deployment: LatchkeyDeployment;
  database: 'postgres' | 'pglite';
  /** PostgreSQL backends of the bench database, whose CPU time each scenario counts. */
  databasePids?: () => Promise<number[]>;
};

export const latchkeyMeta = (
  target: LatchkeyTarget,
  scenario: ScenarioName,
  label: string,
  process: 'auth' | 'api' = 'auth',
): MeasurementMeta => ({
  scenario,
  label,
  system: 'Latchkey',
  // The api process does not depend on the auth worker count.
  setup: process === 'api' && target.database === 'postgres' ? 'PostgreSQL, api process' : target.deployment.setup,
  database: target.database,
  workers: target.database === 'postgres' ? target.deployment.workers : null,
  rssOf:
    target.database === 'pglite'
      ? 'server (auth + api)'
      : process === 'auth'
        ? `auth${target.deployment.workers > 1 ? ` (primary + ${target.deployment.workers} workers)` : ''}`
        : 'api',
});

/** What every runner against the auth server shares: where it is and what is measured. */
export const authRunner = (ctx: BenchContext, target: LatchkeyTarget) => ({
  url: target.deployment.authUrl,
  settings: ctx.run,
  pid: target.deployment.auth.pid,
  ...(target.databasePids ? { databasePids: target.databasePids } : {}),
});

export type Answer = { status: number; body: Record<string, unknown> };

/** One request outside the load, checked: the bench fails loudly instead of measuring errors. */
export async function checkedRequest(
  what: string,
  url: string,
  init: RequestInit,
  check: (body: Record<string, unknown>) => boolean,
): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  if (response.status !== 200 || !check(body)) throw new Error(`${what}: unexpected answer ${response.status} ${text.slice(0, 500)}`);
  return { status: response.status, body };
}

export const formPost = (body: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
});

export const form = (body: Record<string, string>): string => new URLSearchParams(body).toString();

/**
 * A scenario that spends one pool item per request: the first item is
 * checked with a single request, the rest feed the warm-up and the measured
 * rounds; a pool that runs dry stops the scenario and is reported.
 */
export function pooledRunner<T>(
  ctx: BenchContext,
  target: LatchkeyTarget,
  spec: {
    meta: MeasurementMeta;
    items: T[];
    check(item: T): Promise<unknown>;
    request(take: () => T): RequestShape;
    settings?: RunSettings;
  },
): Runner {
  const [first, ...rest] = spec.items;
  if (first === undefined || rest.length === 0) throw new Error(`${spec.meta.scenario}: empty pool`);
  const stopper = new Stopper();
  const pool: TokenPool<T> = createTokenPool(rest, () => stopper.trigger());
  return {
    ...authRunner(ctx, target),
    ...(spec.settings ? { settings: spec.settings } : {}),
    meta: spec.meta,
    request: spec.request(pool.take),
    stopper,
    pool: pool.usage,
    prepare: async () => {
      await spec.check(first);
    },
  };
}

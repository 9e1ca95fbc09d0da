import type { BenchContext } from '../context.js';
import { waitForIdle } from '../load/cpu.js';
import { mergeLoads } from '../load/merge.js';
import type { PoolUsage } from '../load/pool.js';
import { type LoadResult, type RequestShape, runLoad } from '../load/run-load.js';
import type { RunSettings } from '../load/settings.js';
import type { Stopper } from '../load/stopper.js';
import { fromLoad, type Measurement, type MeasurementMeta } from './measurement.js';

/** One scenario on one system, ready to be loaded for a while, as often as the schedule says. */
export type Runner = {
  meta: MeasurementMeta;
  url: string;
  request: RequestShape;
  settings: RunSettings;
  /** Overrides the settings' connections (the list's one-connection view). */
  connections?: number;
  /** The server process measured (RSS, CPU), and its database backends. */
  pid?: number;
  databasePids?: () => Promise<number[]>;
  /** Stops a run whose pool ran dry, and every later round of it. */
  stopper?: Stopper;
  /** For the warm-up instead of `stopper` (a calibration pool of its own). */
  warmupStopper?: Stopper;
  pool?: () => PoolUsage;
  /** Before the warm-up: a checked single request, tokens to mint. */
  prepare?: () => Promise<void>;
  /** After the warm-up: e.g. mint a pool sized from the warm-up's rate. */
  afterWarmup?: (warmup: LoadResult | null) => Promise<void>;
  skipWarmup?: boolean;
};

const EMPTY: Omit<LoadResult, 'samples'> = {
  requests: 0,
  seconds: 0,
  rps: 0,
  tailRps: 0,
  latency: null,
  ok: 0,
  non2xx: 0,
  socketErrors: 0,
  timeouts: 0,
  statusCounts: {},
  errorSamples: [],
  rss: null,
  cpu: null,
  loadAverage: 0,
};

/** Servers the bench started for baselines, and what to load them with. */
export type Baseline = { runners: Runner[]; stop(): Promise<void> };

/** Loads a runner for `seconds` without measuring the server (a warm-up or a re-warm). */
const unmeasuredLoad = (runner: Runner, seconds: number, stopper: Stopper | undefined): Promise<LoadResult> =>
  runLoad({
    url: runner.url,
    connections: runner.connections ?? runner.settings.connections,
    durationSeconds: seconds,
    request: runner.request,
    ...(stopper ? { stopSignal: stopper } : {}),
  });

/** Warms a runner up (unmeasured), after its own preparation. */
export async function warmUp(ctx: BenchContext, runner: Runner): Promise<LoadResult | null> {
  await runner.prepare?.();
  const warmupSeconds = runner.settings.warmupSeconds;
  const warmup =
    warmupSeconds > 0 && !runner.skipWarmup ? await unmeasuredLoad(runner, warmupSeconds, runner.warmupStopper ?? runner.stopper) : null;
  await runner.afterWarmup?.(warmup);
  ctx.log(
    `    warmed up: ${runner.meta.label} (${runner.meta.system}, ${runner.meta.setup})${warmup ? `: ${Math.round(warmup.tailRps)} req/s` : ''}`,
  );
  return warmup;
}

/**
 * Loads a runner unmeasured for its settings' `rewarmSeconds`, right before a
 * measured round: a server that idled for minutes while the others were
 * measured answered its first requests of a round slower (its refresh among
 * a million sessions 16 % more auth CPU per request, docs/performance.md), and
 * that is not what the scenario measures. The warm-up's queue is drained
 * before the round starts, as after any other run.
 */
async function rewarm(runner: Runner): Promise<void> {
  const seconds = runner.settings.rewarmSeconds;
  if (seconds <= 0 || runner.skipWarmup) return;
  await unmeasuredLoad(runner, seconds, runner.stopper);
  if (runner.pid) await waitForIdle(runner.pid, 15_000, runner.databasePids);
}

/**
 * Measures every runner in `rounds` rounds, each round loading every
 * runner in turn for its duration / rounds (every other round in reverse
 * order, each run after a re-warm): a baseline and the Latchkey scenario it is compared with are
 * measured minutes apart at most, under the same background load, and
 * drift on the shared machine hits both.
 */
export async function measureInRounds(
  ctx: BenchContext,
  runners: Runner[],
  rounds: number,
  onResult: (m: Measurement) => void,
): Promise<void> {
  const segments = runners.map((): LoadResult[] => []);
  for (let round = 0; round < rounds; round++) {
    ctx.log(`  round ${round + 1} of ${rounds}`);
    // Every other round runs the schedule backwards: the two sides of a ratio are neighbours either
    // way, and neither always runs first (after the same neighbour, on a database the same writes left).
    const order = round % 2 === 0 ? [...runners.entries()] : [...runners.entries()].reverse();
    for (const [index, runner] of order) {
      if (runner.stopper?.stopped) continue;
      // Every run starts on an idle server and database: the work a previous run left queued is not this one's.
      if (runner.pid) await waitForIdle(runner.pid, 15_000, runner.databasePids);
      await rewarm(runner);
      if (runner.stopper?.stopped) continue;
      segments[index]!.push(
        await runLoad({
          url: runner.url,
          connections: runner.connections ?? runner.settings.connections,
          durationSeconds: runner.settings.durationSeconds / rounds,
          request: runner.request,
          ...(runner.pid ? { pid: runner.pid } : {}),
          ...(runner.databasePids ? { databasePids: runner.databasePids } : {}),
          ...(runner.stopper ? { stopSignal: runner.stopper } : {}),
        }),
      );
    }
  }
  for (const [index, runner] of runners.entries()) {
    const results = segments[index]!;
    // A pool that ran dry in the warm-up leaves nothing measured: reported as an empty run.
    const load = results.length ? mergeLoads(results) : { ...EMPTY, samples: new Float64Array(0) };
    onResult(fromLoad({ ...runner.meta, ...(runner.pool ? { pool: runner.pool() } : {}) }, load));
  }
}

import type { PoolUsage } from '../load/pool.js';
import type { LoadResult } from '../load/run-load.js';
import type { ScenarioName } from '../options.js';

/** One row of the report: a scenario measured on one system and setup. */
export type Measurement = {
  scenario: ScenarioName;
  /** 'main' unless a scenario reports a second view of itself (e.g. one connection). */
  variant: 'main' | 'single-connection';
  /** What was measured, e.g. "refresh (rotation)". */
  label: string;
  /** Latchkey, or the baseline's name. */
  system: string;
  /** Where it ran, e.g. "PostgreSQL, 2 auth workers", "in-memory". */
  setup: string;
  database: 'postgres' | 'pglite' | null;
  workers: number | null;
  unit: 'req/s' | 'ops/s';
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  requests: number;
  seconds: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  errors: number;
  statusCounts: Record<string, number>;
  errorSamples: string[];
  /** Which process the RSS is of. */
  rssOf: string | null;
  peakRssMb: number | null;
  /** Largest single process (differs from peakRssMb with cluster workers). */
  peakProcessRssMb: number | null;
  pool: PoolUsage | null;
  /** CPU milliseconds per successful request: the server process (tree) and its database backends (PostgreSQL). */
  serverCpuMs: number | null;
  databaseCpuMs: number | null;
  /** Cores the server kept busy on average during the run. */
  serverCores: number | null;
  loadAverage: number;
  notes: string[];
};

export type MeasurementMeta = Pick<Measurement, 'scenario' | 'label' | 'system' | 'setup' | 'database' | 'workers'> & {
  variant?: Measurement['variant'];
  rssOf?: string;
  pool?: PoolUsage;
  notes?: string[];
};

export function fromLoad(meta: MeasurementMeta, load: LoadResult): Measurement {
  return {
    ...meta,
    variant: meta.variant ?? 'main',
    unit: 'req/s',
    rps: load.rps,
    p50: load.latency?.p50 ?? null,
    p95: load.latency?.p95 ?? null,
    p99: load.latency?.p99 ?? null,
    requests: load.requests,
    seconds: load.seconds,
    errors: load.non2xx + load.socketErrors + load.timeouts,
    statusCounts: load.statusCounts,
    errorSamples: load.errorSamples,
    rssOf: load.rss ? (meta.rssOf ?? null) : null,
    peakRssMb: load.rss?.totalMb ?? null,
    peakProcessRssMb: load.rss?.processMb ?? null,
    pool: meta.pool ?? null,
    serverCpuMs: load.cpu && load.ok ? (load.cpu.serverSeconds * 1000) / load.ok : null,
    databaseCpuMs: load.cpu?.databaseSeconds != null && load.ok ? (load.cpu.databaseSeconds * 1000) / load.ok : null,
    serverCores: load.cpu ? load.cpu.serverSeconds / load.seconds : null,
    loadAverage: load.loadAverage,
    notes: [...(meta.notes ?? []), ...(meta.pool?.dry ? [`token pool ran dry after ${meta.pool.used} tokens: run stopped early`] : [])],
  };
}

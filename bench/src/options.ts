import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

/** The baselines Latchkey is compared with; they run first. */
const BASELINE_SCENARIOS = ['argon2-ceiling', 'oidc-provider-refresh', 'oauth2-server-password', 'oauth2-server-refresh'] as const;

/** Latchkey's own scenarios, in the order they run. */
export const LATCHKEY_SCENARIOS = [
  'password',
  'refresh',
  'refresh-1m-sessions',
  'client-credentials',
  'exchange',
  'glue-access-tokens',
  'glue-refresh-tokens',
  'glue-company-user',
  'storefront-token',
  'login-token',
  'introspection',
  'login-tokens-list',
  'verifier',
] as const;

/** Every scenario the bench knows, in the order it runs them. */
export const SCENARIOS = [...BASELINE_SCENARIOS, ...LATCHKEY_SCENARIOS] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type BenchOptions = {
  /** Seconds of measured load per scenario. */
  durationSeconds: number;
  /** Seconds of unmeasured load before each scenario (JIT, pools, caches). */
  warmupSeconds: number;
  connections: number;
  /** Rows in login_tokens for the list scenario. */
  listRows: number;
  /** Auth worker counts to measure on PostgreSQL (LATCHKEY_WORKERS). */
  workers: number[];
  smoke: boolean;
  only: ReadonlySet<ScenarioName>;
  /** Run the auth process with --cpu-prof and keep the profiles. */
  profile: boolean;
  /** Each scenario's measured time is split into this many rounds, interleaved with every other scenario's. */
  rounds: number;
  /** Seconds of unmeasured load before each round's measured part: a server that idled while others ran warms up again. */
  rewarmSeconds: number;
  /** PostgreSQL server to create the bench database on; null: the embedded database. */
  databaseUrl: string | null;
  /** Also run every setup through PgBouncer in transaction mode (docs/pgbouncer.ini), beside the direct one. */
  pgbouncer: boolean;
  /** The command line, for the report. */
  command: string;
};

const USAGE = `npm run bench -- [--duration <s>] [--connections <n>] [--rows 100k|1m] [--workers <n>[,<n>...]] [--smoke] [--only <scenario,...>] [--rounds <n>] [--warmup <s>] [--rewarm <s>] [--profile] [--pgbouncer]
scenarios: ${SCENARIOS.join(', ')}
DATABASE_URL=postgresql://... runs Latchkey on a fresh PostgreSQL database (created and dropped); otherwise on the embedded one.
--pgbouncer (PostgreSQL only) runs each setup a second time through PgBouncer in transaction mode, measured in the same rounds.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage = USAGE;
}

function positive(name: string, value: string | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed)))
    throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  return parsed;
}

/** A flag's seconds: `0` turns it off, any other value must be positive. */
const seconds = (name: string, value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : value === '0' ? 0 : positive(name, value, 0, false);

function rows(value: string | undefined, smoke: boolean): number {
  if (value === undefined) return smoke ? 2_000 : 100_000;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim());
  if (!match) throw new UsageError(`--rows must look like 100k or 1m, got ${value}`);
  const scale = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(match[1]) * scale);
}

function only(value: string | undefined): ReadonlySet<ScenarioName> {
  if (!value) return new Set(SCENARIOS);
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(', ')}`);
  return new Set(names as ScenarioName[]);
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rows: { type: 'string' },
        workers: { type: 'string' },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        profile: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        rewarm: { type: 'string' },
        pgbouncer: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The bench's flags; `env` is the process environment (only DATABASE_URL is read). */
export function parseOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const { values } = parseFlags(argv);
  if (values.help) throw new UsageError('');
  const smoke = values.smoke ?? false;
  const durationSeconds = positive('duration', values.duration, smoke ? 1 : 10, false);
  const cores = availableParallelism();
  const workers = values.workers ? [...new Set(values.workers.split(',').map((w) => positive('workers', w, 1)))] : [...new Set([1, cores])];
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  const pgbouncer = values.pgbouncer ?? false;
  if (pgbouncer && !databaseUrl) throw new UsageError('--pgbouncer needs PostgreSQL (DATABASE_URL): PgBouncer pools a server');
  return {
    durationSeconds,
    warmupSeconds: seconds('warmup', values.warmup, smoke ? 0.3 : Math.min(3, durationSeconds / 3)),
    connections: positive('connections', values.connections, 50),
    listRows: rows(values.rows, smoke),
    workers: databaseUrl ? workers : [1],
    smoke,
    only: only(values.only),
    profile: values.profile ?? false,
    rounds: positive('rounds', values.rounds, smoke ? 1 : 3),
    rewarmSeconds: seconds('rewarm', values.rewarm, smoke ? 0 : 1),
    databaseUrl,
    pgbouncer,
    command: `${databaseUrl ? 'DATABASE_URL=<postgres> ' : ''}npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  };
}

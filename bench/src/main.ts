// `npm run bench`: the only module that reads the environment and argv.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPgBouncer, startPgBouncer } from '@latchkey/db/pgbouncer';
import { startArgon2Ceiling } from './baselines/argon2-ceiling.js';
import { startOAuth2Server } from './baselines/oauth2-server.js';
import { startOidcProviderRefresh } from './baselines/oidc-provider-refresh.js';
import { type BenchContext, repoRoot } from './context.js';
import { type BenchDatabase, createEmbeddedDatabase, createPostgresDatabase } from './latchkey/database.js';
import { type LatchkeyDeployment, startLatchkey } from './latchkey/processes.js';
import { latchkeyRunners, measureVerifierOn, type ScenarioSet } from './latchkey/run.js';
import { type ScaleSetup, startScaleSetup } from './latchkey/scale.js';
import { planPools, seedDatabase } from './latchkey/seed.js';
import { describeMachine } from './machine.js';
import { LATCHKEY_SCENARIOS, parseOptions, SCENARIOS, type ScenarioName, UsageError } from './options.js';
import { computePerCore } from './report/per-core.js';
import { summarizeProfiles } from './report/profiles.js';
import { computeRatios, computeTargets } from './report/ratios.js';
import { renderText } from './report/render.js';
import { type RunRecord, writePerformanceDoc, writeResultsJson } from './report/results.js';
import type { Measurement } from './scenarios/measurement.js';
import { type Baseline, measureInRounds, type Runner, warmUp } from './scenarios/runner.js';
import type { SeedResult } from './seed/plan.js';

const inDatabase = (url: string, name: string): string => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const run = {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    rounds: options.rounds,
    rewarmSeconds: options.rewarmSeconds,
  };
  const ctx: BenchContext = {
    options,
    run,
    slowRun: { ...run, durationSeconds: Math.max(options.durationSeconds, 3) },
    logDir: await mkdtemp(path.join(tmpdir(), 'latchkey-bench-logs-')),
    log: (message) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`),
  };
  const want = (s: ScenarioName) => options.only.has(s);
  const measurements: Measurement[] = [];
  const record = (m: Measurement) => {
    measurements.push(m);
    ctx.log(
      `    ${m.label} (${m.system}, ${m.setup}): ${Math.round(m.rps)} ${m.unit}, p99 ${m.p99?.toFixed(0) ?? 'n/a'} ms, ${m.errors} errors${m.pool?.dry ? ', POOL RAN DRY' : ''}`,
    );
  };
  ctx.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; child logs in ${ctx.logDir}`);

  const baselines: Baseline[] = [];
  const deployments: LatchkeyDeployment[] = [];
  let database: BenchDatabase | null = null;
  let seeded: SeedResult | null = null;
  let profileDir: string | null = null;
  let bouncer: RunningPgBouncer | null = null;
  let scale: ScaleSetup | null = null;
  const sets: ScenarioSet[] = [];
  try {
    // Baselines first, warmed up: their rates size the Latchkey pools seeded next.
    let passwordRps = 100;
    let refreshRps = 2_000;
    const baselineRunners = new Map<ScenarioName, Runner>();
    const startBaseline = async (name: string, start: () => Promise<Baseline>) => {
      ctx.log(`baseline: ${name}`);
      const baseline = await start();
      baselines.push(baseline);
      for (const runner of baseline.runners) {
        const warm = await warmUp(ctx, runner);
        baselineRunners.set(runner.meta.scenario, runner);
        // Floors: a short warm-up under-reads a closed loop whose answers take a second.
        if (runner.meta.scenario === 'argon2-ceiling') passwordRps = Math.max(warm?.tailRps ?? 0, 50 * availableParallelism());
        if (runner.meta.scenario === 'oidc-provider-refresh') refreshRps = Math.max(warm?.tailRps ?? 0, 200);
      }
    };
    if (want('argon2-ceiling')) await startBaseline('argon2 ceiling', () => startArgon2Ceiling(ctx));
    if (want('oidc-provider-refresh')) await startBaseline('bare oidc-provider', () => startOidcProviderRefresh(ctx));
    if (want('oauth2-server-password') || want('oauth2-server-refresh')) {
      await startBaseline('oauth2-server', () =>
        startOAuth2Server(ctx, { password: want('oauth2-server-password'), refresh: want('oauth2-server-refresh') }, passwordRps),
      );
    }

    if (LATCHKEY_SCENARIOS.some(want)) {
      database = options.databaseUrl ? await createPostgresDatabase(options.databaseUrl) : await createEmbeddedDatabase();
      profileDir = options.profile ? path.join(repoRoot, 'bench', 'results', `profiles-${startedAt.replace(/[:.]/g, '-')}`) : null;
      /** One deployment's directory of CPU profiles (made), or null without --profile. */
      const profileDirFor = async (name: string): Promise<string | null> => {
        if (!profileDir) return null;
        const dir = path.join(profileDir, name);
        await mkdir(dir, { recursive: true });
        return dir;
      };
      // Each worker count directly, and with --pgbouncer again through PgBouncer, side by side in every round.
      const setups = options.workers.flatMap((workers) => [
        { workers, pooled: false },
        ...(options.pgbouncer ? [{ workers, pooled: true }] : []),
      ]);
      const plans = setups.map(() => planPools(ctx, { passwordRps, refreshRps }, want));
      ctx.log(
        `seeding ${database.describe}: per setup ${JSON.stringify(plans[0])}, ${options.listRows.toLocaleString('en-US')} login tokens listed`,
      );
      seeded = await seedDatabase(ctx, database, plans, want);
      ctx.log(
        `seeded in ${Object.values(seeded.timings)
          .reduce((a, b) => a + b, 0)
          .toFixed(1)} s`,
      );
      // On PostgreSQL every setup runs at once (an idle one costs nothing), so each round measures them all side by side.
      if (options.pgbouncer && database.kind === 'postgres' && options.databaseUrl) {
        bouncer = await startPgBouncer({ target: options.databaseUrl });
        ctx.log(`PgBouncer (transaction mode, docs/pgbouncer.ini) on port ${bouncer.port}`);
      }
      for (const [index, { workers, pooled }] of setups.entries()) {
        const dir = await profileDirFor(`w${workers}${pooled ? '-pgbouncer' : ''}`);
        const pooledUrl = pooled && bouncer && database.kind === 'postgres' ? inDatabase(bouncer.url, database.name) : null;
        const deployment = await startLatchkey(ctx, database, workers, dir, index === 0, pooledUrl);
        deployments.push(deployment);
        ctx.log(`Latchkey on ${deployment.setup}: auth ${deployment.authUrl}, api ${deployment.apiUrl}`);
        const db = database;
        const target = { deployment, database: db.kind, ...(db.kind === 'postgres' ? { databasePids: () => db.backendPids() } : {}) };
        sets.push(latchkeyRunners(ctx, target, seeded.setups[index]!, seeded, index === 0, want));
      }
      if (want('refresh-1m-sessions')) {
        if (options.databaseUrl)
          scale = await startScaleSetup(ctx, options.databaseUrl, { passwordRps, refreshRps }, await profileDirFor('w1-sessions-at-scale'));
        else ctx.log('refresh among 1M sessions: PostgreSQL only (DATABASE_URL), skipped');
      }
      for (const runner of [
        ...sets.flatMap((s) => [
          ...s.password,
          ...s.refresh,
          ...s.clientCredentials,
          ...s.exchange,
          ...s.doors,
          ...s.loginToken,
          ...s.introspection,
          ...s.list,
        ]),
        ...(scale ? [scale.runner] : []),
      ])
        await warmUp(ctx, runner);
    }

    // Each baseline next to the Latchkey scenarios it is compared with.
    const baseline = (name: ScenarioName) => (baselineRunners.has(name) ? [baselineRunners.get(name)!] : []);
    const each = (pick: (s: ScenarioSet) => Runner[]) => sets.flatMap(pick);
    const schedule = [
      ...baseline('argon2-ceiling'),
      ...each((s) => s.password),
      ...each((s) => s.doors.filter((r) => r.meta.scenario === 'glue-access-tokens' || r.meta.scenario === 'storefront-token')),
      ...baseline('oauth2-server-password'),
      ...baseline('oidc-provider-refresh'),
      ...each((s) => s.refresh),
      ...(scale ? [scale.runner] : []),
      ...each((s) => s.doors.filter((r) => r.meta.scenario === 'glue-refresh-tokens')),
      ...baseline('oauth2-server-refresh'),
      ...each((s) => s.clientCredentials),
      ...each((s) => s.exchange),
      ...each((s) => s.doors.filter((r) => r.meta.scenario === 'glue-company-user')),
      ...each((s) => s.loginToken),
      ...each((s) => s.introspection),
      ...each((s) => s.list),
    ];
    ctx.log(
      `measuring ${schedule.length} runs in ${options.rounds} round(s) of ${(options.durationSeconds / options.rounds).toFixed(1)} s each`,
    );
    await measureInRounds(ctx, schedule, options.rounds, record);
    if (want('verifier') && deployments[0] && seeded && database) {
      ctx.log('verifier (in-process)');
      const db = database;
      for (const m of await measureVerifierOn(ctx, { deployment: deployments[0], database: db.kind }, seeded.setups[0]!)) record(m);
    }
  } finally {
    await Promise.all([...deployments.map((d) => d.stop()), ...baselines.map((b) => b.stop()), scale?.deployment.stop()]);
    await scale?.database.drop();
    await bouncer?.stop();
    await database?.drop();
  }

  const ratios = computeRatios(measurements);
  const targets = computeTargets(measurements, options.listRows);
  const perCore = computePerCore(measurements);
  const startup = [...deployments, ...(scale ? [scale.deployment] : [])].map((d) => ({
    setup: d.setup,
    authMs: d.readyMs.auth,
    apiMs: d.readyMs.api,
  }));
  console.log(`\n${renderText({ measurements, ratios, targets, perCore })}\n`);
  for (const s of startup)
    ctx.log(`ready after: ${s.setup}: ${Math.round(s.authMs)} ms${s.apiMs === null ? '' : ` (api ${Math.round(s.apiMs)} ms)`}`);

  const runRecord: RunRecord = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command: options.command,
    machine,
    database: database?.describe ?? 'none',
    options: { ...options, only: [...options.only] },
    seedTimings: seeded?.timings ?? {},
    measurements,
    ratios,
    targets,
    perCore,
    startup,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  ctx.log(`results: ${await writeResultsJson(runRecord)}`);
  if (!options.smoke && options.only.size === SCENARIOS.length) {
    ctx.log(`docs: ${await writePerformanceDoc(runRecord, options.databaseUrl ? 'postgres' : 'pglite', '_No analysis recorded yet._')}`);
  }
  if (profileDir) console.log(await summarizeProfiles(profileDir));

  for (const m of measurements.filter((m) => m.unit === 'req/s' && m.requests === 0))
    ctx.log(`warning: no answer within the run: ${m.scenario} (${m.setup})`);
  const failed = measurements.filter((m) => m.errors > 0 || m.pool?.dry);
  if (failed.length) {
    console.error(`\n${failed.length} scenario(s) had errors or a dry pool: ${failed.map((m) => `${m.scenario} (${m.setup})`).join(', ')}`);
    for (const m of failed) for (const sample of m.errorSamples) console.error(`  ${m.scenario}: ${sample}`);
    return options.smoke ? 1 : 0;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(error.usage);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);

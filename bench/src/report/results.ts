import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../context.js';
import type { Machine } from '../machine.js';
import type { BenchOptions } from '../options.js';
import type { Measurement } from '../scenarios/measurement.js';
import type { PerCore } from './per-core.js';
import type { Ratio, Target } from './ratios.js';
import { renderMarkdown } from './render.js';

export type RunRecord = {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Machine;
  database: string;
  options: Omit<BenchOptions, 'only' | 'databaseUrl'> & { only: string[] };
  seedTimings: Record<string, number>;
  measurements: Measurement[];
  ratios: Ratio[];
  targets: Target[];
  perCore: PerCore[];
  /** Each deployment's time from spawn to ready (`/readyz`), on the migrated database. */
  startup: { setup: string; authMs: number; apiMs: number | null }[];
  loadAverageAtEnd: number[];
};

/** bench/results/<timestamp>.json (ignored by git). */
export async function writeResultsJson(record: RunRecord): Promise<string> {
  const dir = path.join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${record.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

const DOC = path.join(repoRoot, 'docs', 'performance.md');

const HEAD = `# Performance

Written by \`npm run bench\` (bench/): one section per database, each replaced by
the latest full run on it. Only ratios measured side by side in one run mean
anything: the machine is shared, and absolute numbers move with whatever else
runs on it (the load average is recorded per scenario).

How it measures: auth and api run as child processes of the bench (on the
embedded database both in apps/server, since PGlite lives in one process), the
baselines in child processes of their own; load comes from the bench process
with autocannon (closed loop, keep-alive, the same connections for every
scenario and baseline), after an unmeasured warm-up. Every server stays up for
the whole run and each scenario's measured time is split into rounds: round
after round, each baseline is loaded next to the Latchkey scenarios it is
compared with, so drift in the machine's background load hits both sides of a
ratio, every other round runs the schedule backwards, so neither side
always runs first, and each round's run follows unmeasured load of its own
(--rewarm, 1 s), so a server that idled while the others ran is warm again. req/s counts 2xx answers only; errors are non-2xx answers plus socket
errors and timeouts; latency percentiles are over every answer; peak RSS is
sampled from /proc every 250 ms (with cluster workers: the sum, and the
largest process); CPU ms/req is the server's CPU time (all its threads and
workers) per 2xx answer, plus, on PostgreSQL, the CPU time of the bench
database's backends. Every single-use item is spent once: each password request logs in
a different customer (no failures, so no lockout counter moves), each refresh
rotates a different pre-minted refresh token, each login-token redemption
spends a different one-time token; a pool that runs dry stops the run and says
so. Pre-minted sessions are clones of one session Latchkey's own password
grant stored (same payload, new ids and subject), inserted in multi-row
batches; customers share 8 argon2id hashes at the policy's parameters.
The per-core table divides one core-second by a request's CPU (server plus
database), so it does not depend on the load average; Keycloak's figures are
from its CPU and memory sizing guide (per vCPU: 15 password logins, 120
refresh and 120 client-credentials grants per second).
`;

const marker = (kind: string, edge: 'start' | 'end') => `<!-- bench:${kind}:${edge} -->`;

const startup = (record: RunRecord): string =>
  record.startup
    .map(
      (s) =>
        `${s.setup}: ${s.apiMs === null ? '' : 'auth '}${Math.round(s.authMs)} ms${s.apiMs === null ? '' : `, api ${Math.round(s.apiMs)} ms`}`,
    )
    .join('; ') || 'n/a';

function section(record: RunRecord, kind: string): string {
  const m = record.machine;
  const seed = Object.entries(record.seedTimings)
    .map(([step, s]) => `${step} ${s}s`)
    .join(', ');
  const verdicts = [
    ...record.ratios
      .filter((r) => r.verdict !== null)
      .map((r) => ({
        name: `${r.name} (${r.setup})`,
        verdict: r.verdict!,
        measured: r.value === null ? 'n/a' : `${r.value.toFixed(2)}x`,
        target: r.target!,
      })),
    ...record.targets.map((t) => ({ name: `${t.name} (${t.setup})`, verdict: t.verdict, measured: t.measured, target: t.target })),
  ];
  return [
    marker(kind, 'start'),
    `## ${kind === 'postgres' ? 'PostgreSQL' : 'Embedded database (PGlite)'}`,
    '',
    `Run ${record.startedAt} to ${record.finishedAt}, commit ${m.commit}.`,
    '',
    `- Command: \`${record.command}\``,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}`,
    `- Database: ${record.database}`,
    `- Settings: ${record.options.durationSeconds}s per scenario after ${record.options.warmupSeconds}s warm-up, in ${record.options.rounds} rounds each after ${record.options.rewarmSeconds}s of re-warm, ${record.options.connections} connections, ${record.options.listRows.toLocaleString('en-US')} listed login tokens, auth workers ${record.options.workers.join(' and ')}`,
    `- Load average (1/5/15 min) at start ${m.loadAverage.join(' / ')}, at end ${record.loadAverageAtEnd.join(' / ')}${m.loadAverage[0]! > m.cores / 2 ? ': other work was running on the machine' : ''}`,
    `- Seeding (not timed): ${seed}`,
    `- Time from \`node dist/main.js\` to a ready \`/readyz\` on the migrated database: ${startup(record)}`,
    '',
    renderMarkdown(record),
    '',
    '### Targets (issue 6)',
    '',
    ...verdicts.map(
      (v) =>
        `- ${v.verdict === 'met' ? 'Met' : v.verdict === 'missed' ? '**Missed**' : 'Not evaluated'}: ${v.name}: ${v.measured}, target ${v.target}`,
    ),
    marker(kind, 'end'),
  ].join('\n');
}

/** Replaces this database's section of docs/performance.md, keeping the other's, the notes and what follows them. */
export async function writePerformanceDoc(record: RunRecord, kind: 'postgres' | 'pglite', notes: string): Promise<string> {
  const existing = await readFile(DOC, 'utf8').catch(() => '');
  const sections = new Map<string, string>();
  for (const other of ['postgres', 'pglite']) {
    const start = existing.indexOf(marker(other, 'start'));
    const end = existing.indexOf(marker(other, 'end'));
    if (start >= 0 && end > start) sections.set(other, existing.slice(start, end + marker(other, 'end').length));
  }
  sections.set(kind, section(record, kind));
  const notesStart = existing.indexOf(marker('notes', 'start'));
  const notesEnd = existing.indexOf(marker('notes', 'end'));
  const keptNotes =
    notesStart >= 0 && notesEnd > notesStart
      ? existing.slice(notesStart, notesEnd + marker('notes', 'end').length)
      : `${marker('notes', 'start')}\n${notes}\n${marker('notes', 'end')}`;
  // What follows the notes (sections measured by hand: search, PgBouncer) stays as it is.
  const tail = notesEnd > notesStart && notesStart >= 0 ? existing.slice(notesEnd + marker('notes', 'end').length).trim() : '';
  const body = [
    HEAD,
    ...['postgres', 'pglite'].flatMap((k) => (sections.has(k) ? [sections.get(k)!, ''] : [])),
    keptNotes,
    ...(tail ? ['', tail] : []),
    '',
  ].join('\n');
  await mkdir(path.dirname(DOC), { recursive: true });
  await writeFile(DOC, body);
  return DOC;
}

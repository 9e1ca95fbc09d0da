import type { Measurement } from '../scenarios/measurement.js';
import type { PerCore } from './per-core.js';
import type { Ratio, Target } from './ratios.js';
import { fixed, markdownTable, ms, textTable } from './table.js';

const MEASUREMENT_HEADER = [
  'scenario',
  'system',
  'setup',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'peak RSS MB',
  'CPU ms/req',
  'notes',
];

/** Server CPU per request, plus the database backends' on PostgreSQL; and the cores the server kept busy. */
const cpu = (m: Measurement): string =>
  m.serverCpuMs === null
    ? 'n/a'
    : `${m.serverCpuMs.toFixed(2)}${m.databaseCpuMs !== null ? ` + db ${m.databaseCpuMs.toFixed(2)}` : ''} (${(m.serverCores ?? 0).toFixed(2)} cores)`;

function measurementRow(m: Measurement): string[] {
  const rss =
    m.peakRssMb === null
      ? 'n/a'
      : `${m.peakRssMb}${m.peakProcessRssMb !== null && m.peakProcessRssMb !== m.peakRssMb ? ` (max ${m.peakProcessRssMb}/process)` : ''}`;
  const notes = [
    m.unit === 'ops/s' ? 'ops/s' : '',
    m.rssOf ? `RSS of ${m.rssOf}` : '',
    m.pool ? `pool ${m.pool.used.toLocaleString('en-US')}/${m.pool.size.toLocaleString('en-US')}${m.pool.dry ? ' RAN DRY' : ''}` : '',
    m.errors
      ? `status ${Object.entries(m.statusCounts)
          .map(([s, c]) => `${s}x${c}`)
          .join(' ')}`
      : '',
    `load ${m.loadAverage.toFixed(1)}`,
  ].filter(Boolean);
  return [m.label, m.system, m.setup, fixed(m.rps), ms(m.p50), ms(m.p95), ms(m.p99), fixed(m.errors), rss, cpu(m), notes.join('; ')];
}

const RATIO_HEADER = ['ratio', 'setup', 'value', 'target', 'verdict'];
const ratioRow = (r: Ratio): string[] => [
  r.name,
  r.setup,
  r.value === null ? 'n/a' : `${r.value.toFixed(2)}x`,
  r.target ?? (r.name.includes('PgBouncer') ? '(pooler cost, no target)' : '(peer, no target)'),
  r.verdict === null ? '' : `${r.verdict}${r.why ? ` (${r.why})` : ''}`,
];
const TARGET_HEADER = ['target', 'setup', 'measured', 'required', 'verdict'];
const targetRow = (t: Target): string[] => [t.name, t.setup, t.measured, t.target, `${t.verdict}${t.why ? ` (${t.why})` : ''}`];

const PER_CORE_HEADER = ['scenario', 'setup', 'req/s per core', 'Keycloak per vCPU', 'x Keycloak'];
const perCoreRow = (p: PerCore): string[] => [
  p.label,
  p.setup,
  fixed(p.perCore),
  p.keycloak === null ? 'n/a' : fixed(p.keycloak),
  p.keycloak === null ? 'n/a' : `${(p.perCore / p.keycloak).toFixed(1)}x`,
];

type Report = { measurements: Measurement[]; ratios: Ratio[]; targets: Target[]; perCore: PerCore[] };

function render(table: typeof textTable, report: Report): string {
  return [
    table(MEASUREMENT_HEADER, report.measurements.map(measurementRow)),
    '',
    table(RATIO_HEADER, report.ratios.map(ratioRow)),
    '',
    table(TARGET_HEADER, report.targets.map(targetRow)),
    '',
    table(PER_CORE_HEADER, report.perCore.map(perCoreRow)),
  ].join('\n');
}

export const renderText = (report: Report): string => render(textTable, report);

export const renderMarkdown = (report: Report): string => render(markdownTable, report);

import { PGBOUNCER_SETUP } from '../latchkey/processes.js';
import { AT_SCALE } from '../latchkey/scale.js';
import type { Measurement } from '../scenarios/measurement.js';

type Verdict = 'met' | 'missed' | 'not evaluated';

export type Ratio = {
  name: string;
  /** The Latchkey setup the ratio is for (or the in-process verifier). */
  setup: string;
  value: number | null;
  /** e.g. ">= 0.95x"; null: informational. */
  target: string | null;
  verdict: Verdict | null;
  why?: string;
};

export type Target = { name: string; setup: string; measured: string; target: string; verdict: Verdict; why?: string };

const main = (m: Measurement) => m.variant === 'main';
const find = (all: Measurement[], scenario: Measurement['scenario'], setup?: string) =>
  all.find((m) => m.scenario === scenario && main(m) && (setup === undefined || m.setup === setup));
const ratioOf = (a: Measurement | undefined, b: Measurement | undefined) =>
  a && b && b.rps > 0 && a.errors === 0 && b.errors === 0 ? a.rps / b.rps : null;
const verdictOf = (value: number | null, min: number): Verdict => (value === null ? 'not evaluated' : value >= min ? 'met' : 'missed');

/** Every ratio the issue asks for, per Latchkey setup, with the targets it sets. */
export function computeRatios(all: Measurement[]): Ratio[] {
  const setups = [
    ...new Set(all.filter((m) => m.system === 'Latchkey' && m.database !== null && m.scenario !== 'login-tokens-list').map((m) => m.setup)),
  ];
  const ratios: Ratio[] = [];
  const ceiling = find(all, 'argon2-ceiling');
  const oidc = find(all, 'oidc-provider-refresh');
  const peerPassword = find(all, 'oauth2-server-password');
  const peerRefresh = find(all, 'oauth2-server-refresh');
  for (const setup of setups) {
    const postgres = all.some((m) => m.setup === setup && m.database === 'postgres');
    const password = find(all, 'password', setup);
    const refresh = find(all, 'refresh', setup);
    const push = (name: string, a: Measurement | undefined, b: Measurement | undefined, min: number | null, why?: string) => {
      if (!a && !b) return;
      const value = ratioOf(a, b);
      const applies = min !== null && why === undefined;
      ratios.push({
        name,
        setup,
        value,
        target: min === null ? null : `>= ${min}x`,
        verdict: min === null ? null : applies ? verdictOf(value, min) : 'not evaluated',
        ...(why ? { why } : {}),
      });
    };
    push('password grant / argon2 ceiling', password, ceiling, 0.95);
    push('refresh / bare oidc-provider (in memory)', refresh, oidc, 0.6, postgres ? undefined : 'the target is for PostgreSQL');
    push('password grant / oauth2-server', password, peerPassword, null);
    push('refresh / oauth2-server', refresh, peerRefresh, null);
    push('token exchange / refresh', find(all, 'exchange', setup), refresh, 1);
    push('login-token redemption / refresh', find(all, 'login-token', setup), refresh, 1);
    // Each front door against its native grant: a door may cost no more than the grant it dispatches to.
    push('Glue access-tokens / password grant', find(all, 'glue-access-tokens', setup), password, 0.95);
    push('B2B storefront token / password grant', find(all, 'storefront-token', setup), password, 0.95);
    push('Glue refresh-tokens / refresh', find(all, 'glue-refresh-tokens', setup), refresh, 0.95);
    push('Glue company-user-access-tokens / token exchange', find(all, 'glue-company-user', setup), find(all, 'exchange', setup), 0.95);
    // How a refresh's cost grows with the data: among a million live sessions against the shared table's few.
    if (setup.endsWith(AT_SCALE))
      push(
        'refresh among 1M sessions / refresh',
        find(all, 'refresh-1m-sessions', setup),
        find(all, 'refresh', setup.slice(0, -AT_SCALE.length)),
        0.9,
      );
    // What the transaction pooler costs (unnamed statements, one more hop), against the same setup direct.
    if (setup.startsWith(`${PGBOUNCER_SETUP},`)) {
      const direct = setup.replace(PGBOUNCER_SETUP, 'PostgreSQL');
      push('password grant: through PgBouncer / direct', password, find(all, 'password', direct), null);
      push('refresh: through PgBouncer / direct', refresh, find(all, 'refresh', direct), null);
    }
  }
  const verifier = all.find((m) => m.scenario === 'verifier' && m.system === 'Latchkey');
  const jose = all.find((m) => m.scenario === 'verifier' && m.system !== 'Latchkey');
  if (verifier && jose)
    ratios.push({
      name: 'createTokenVerifier / raw jose.jwtVerify',
      setup: 'in-process',
      value: verifier.rps / jose.rps,
      target: '>= 0.9x',
      verdict: verdictOf(verifier.rps / jose.rps, 0.9),
    });
  return ratios;
}

/** The targets that are not ratios: list latency at 1M rows and auth memory, both on PostgreSQL. */
export function computeTargets(all: Measurement[], listRows: number): Target[] {
  const targets: Target[] = [];
  for (const list of all.filter((m) => m.scenario === 'login-tokens-list' && main(m))) {
    const postgres = list.database === 'postgres';
    const big = listRows >= 1_000_000;
    const evaluated = postgres && big && list.p95 !== null;
    targets.push({
      name: `${list.label.split(',').slice(0, 2).join(',')} p95 (50 connections)`,
      setup: `${list.setup}, ${listRows.toLocaleString('en-US')} rows`,
      measured: list.p95 === null ? 'n/a' : `${list.p95.toFixed(1)} ms`,
      target: '< 50 ms at 1M rows on PostgreSQL',
      verdict: evaluated ? (list.p95! < 50 && list.errors === 0 ? 'met' : 'missed') : 'not evaluated',
      ...(evaluated ? {} : { why: postgres ? 'run with --rows 1m' : 'the target is for PostgreSQL' }),
    });
  }
  const setups = [
    ...new Set(all.filter((m) => m.system === 'Latchkey' && m.database !== null && m.rssOf?.startsWith('auth')).map((m) => m.setup)),
  ];
  for (const setup of setups) {
    const rows = all.filter((m) => m.setup === setup && m.rssOf?.startsWith('auth') && m.peakProcessRssMb !== null);
    const peak = Math.max(...rows.map((m) => m.peakProcessRssMb!));
    const worst = rows.find((m) => m.peakProcessRssMb === peak);
    targets.push({
      name: 'auth RSS under load (largest process)',
      setup,
      measured: `${peak} MB${worst ? ` (${worst.scenario})` : ''}`,
      target: '<= 250 MB on PostgreSQL',
      verdict: peak <= 250 ? 'met' : 'missed',
    });
  }
  return targets;
}

import { ADMIN_BATCH_MAX } from '@latchkey/core';
import type { RawRequest } from '../http/raw-request.js';
import type { Rng } from '../prng.js';
import { junkJson, junkJwt, junkValue, randomWord } from './junk.js';
import { type JsonSchema, nearlyValidValue, type RealIds, valueContext } from './schema-values.js';

export type AdminProcedure = { path: string; type: 'query' | 'mutation'; input: JsonSchema | null };

export type AdminFuzzWorld = {
  procedures: AdminProcedure[];
  /** Procedures not called with a valid admin token (they change what the rest of the run relies on). */
  spared: Set<string>;
  tokens: { admin: string; readOnly: string; customer: string };
  real: RealIds;
};

// Not '.' or '..': a client normalises those away, to the api's liveness answer.
const UNKNOWN_PATHS = [
  'customers.nope',
  'customers',
  'customers.list.extra',
  '__proto__',
  'constructor',
  'toString',
  '',
  'customers..list',
  'keys.list%00',
  '%E0%A4%A',
];

function bearer(rng: Rng, w: AdminFuzzWorld, spared: boolean): { header: string | null; label: string } {
  const mode = rng.weighted([
    [spared ? 0 : 60, 'admin'],
    [10, 'read-only'],
    [5, 'customer'],
    [25, 'junk'],
  ] as const);
  switch (mode) {
    case 'admin':
      return { header: `Bearer ${w.tokens.admin}`, label: mode };
    case 'read-only':
      return { header: `Bearer ${w.tokens.readOnly}`, label: mode };
    case 'customer':
      return { header: `Bearer ${w.tokens.customer}`, label: mode };
    case 'junk':
      return {
        header: rng.pick([
          null,
          '',
          'Bearer',
          'Bearer ',
          `Bearer ${junkJwt(rng)}`,
          `Bearer ${w.tokens.admin.slice(0, -4)}AAAA`,
          `bearer ${w.tokens.admin}`,
          `Bearer ${w.tokens.admin} ${w.tokens.admin}`,
          `Basic ${Buffer.from('back-office:x').toString('base64')}`,
          `Bearer ${'A'.repeat(8000)}`,
          `Bearer \u00ff\u00fe`,
          `Bearer ${junkValue(rng).replace(/[^\t\x20-\x7e\x80-\xff]/g, '')}`,
        ]),
        label: mode,
      };
  }
}

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
};

const SORT_KEYS = ['createdAt:desc', 'createdAt:asc', 'updatedAt:desc', 'email:asc', 'name:desc', 'failedAttempts:desc', 'expiresAt:asc'];

/**
 * A cursor anyone could write: base64 JSON of the right shape whose value
 * is of another type than its sort field's, out of PostgreSQL's range, or
 * whose id is no uuid. Such cursors reached Prisma as a 500.
 */
function forgedCursor(rng: Rng, w: AdminFuzzWorld): string {
  const v = rng.pick<unknown>([
    ['s', 'yesterday'],
    ['n', 5],
    ['n', 2 ** 40],
    ['n', 1.5],
    ['d', '0000-01-01T00:00:00Z'],
    ['d', '2026-01-01T00:00:00.000Z'],
    ['s', 'a\u0000b'],
    null,
  ]);
  const id = rng.pick([rng.pick(w.real.uuids.length ? w.real.uuids : ['x']), 'not-a-uuid', 'storefront', '\u0000']);
  return Buffer.from(JSON.stringify({ s: rng.pick(SORT_KEYS), v, id })).toString('base64url');
}

/** The inputs of issue 10's 500s: nesting past the api's limit (thousands deep), a NUL deep down, a forged cursor. */
function edgeInput(rng: Rng, w: AdminFuzzWorld, valid: unknown): unknown {
  const base = valid && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
  const field = rng.pick(['extra', 'configuration', 'cursor', 'name', 'filter']);
  switch (rng.pick(['deep', 'deep-nul', 'nul', 'cursor'] as const)) {
    case 'deep':
      return { ...base, [field]: nested(rng.pick([33, 40, 100, 1000, 3000]), 'x') };
    case 'deep-nul':
      return { ...base, [field]: nested(rng.between(20, 40), rng.chance(0.5) ? 'a\u0000' : { 'k\u0000': 1 }) };
    case 'nul':
      return { ...base, [field]: 'a\u0000b' };
    case 'cursor':
      return { ...base, cursor: forgedCursor(rng, w) };
  }
}

function inputFor(rng: Rng, w: AdminFuzzWorld, procedure: AdminProcedure | undefined): unknown {
  if (!procedure?.input || rng.chance(0.1)) return junkJson(rng, 0, w.real.uuids);
  const valid = nearlyValidValue(procedure.input, valueContext(rng, procedure.input, w.real), 0.6);
  return rng.chance(0.12) ? edgeInput(rng, w, valid) : valid;
}

/** Serialises an input the way a tRPC client does, or breaks the JSON on purpose. */
function serialise(rng: Rng, value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return rng.weighted<() => string>([
    [12, () => text],
    [1, () => text.slice(0, Math.max(1, text.length - 1))],
    [1, () => `${text}${rng.pick(['}', ',', ' junk', '\u0000'])}`],
    [1, () => rng.pick(['', 'undefined', 'NaN', '{', '[1,]', '{"a":1,"a":2}', '"\\ud800"', `{"json":${text}}`])],
  ])();
}

/**
 * Case `rng` of the admin API fuzz: a tRPC call over HTTP (single or batch,
 * GET or POST), usually with a nearly valid input and a real admin token so
 * it reaches the validators and the procedures, else with junk in any part.
 */
export function adminRequest(rng: Rng, w: AdminFuzzWorld): { req: RawRequest; label: string } {
  const batch = rng.chance(0.15);
  // Now and then a batch past the api's cap (ADMIN_BATCH_MAX), which answered half a megabyte before.
  const count = batch ? (rng.chance(0.1) ? rng.between(ADMIN_BATCH_MAX + 1, 40) : rng.between(1, 4)) : 1;
  const chosen = Array.from({ length: count }, () => (rng.chance(0.05) ? undefined : rng.pick(w.procedures)));
  const spared = chosen.some((p) => p && w.spared.has(p.path));
  const auth = bearer(rng, w, spared);
  const paths = chosen.map((p) => p?.path ?? rng.pick(UNKNOWN_PATHS)).join(',');
  const inputs = chosen.map((p) => inputFor(rng, w, p));
  const wantsGet = chosen[0]?.type === 'query';
  const method = rng.chance(0.9) ? (wantsGet ? 'GET' : 'POST') : rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);

  const payload = batch ? serialise(rng, Object.fromEntries(inputs.map((input, i) => [String(i), input]))) : serialise(rng, inputs[0]);
  const query: string[] = [];
  if (batch)
    query.push(
      rng.weighted([
        [10, 'batch=1'],
        [1, 'batch=true'],
        [1, 'batch=0'],
        [1, 'batch=1&batch=1'],
      ]),
    );
  let body: Buffer | undefined;
  const headers: [string, string][] = [];
  if (auth.header !== null) headers.push(['Authorization', auth.header]);
  if (method === 'GET' || method === 'HEAD' || rng.chance(0.05)) {
    if (rng.chance(0.95)) query.push(`input=${rng.chance(0.95) ? encodeURIComponent(payload) : payload.replace(/[^\x21-\x7e]/g, '')}`);
  } else {
    body = rng.weighted<() => Buffer>([
      [20, () => Buffer.from(payload)],
      [1, () => Buffer.concat([Buffer.from(payload.slice(0, 10)), Buffer.from([0xff, 0xc0, 0x80]), Buffer.from(payload.slice(10))])],
      [1, () => Buffer.from(`{"x":"${'a'.repeat(rng.pick([500_000, 1_100_000]))}"}`)],
    ])();
    headers.push([
      'Content-Type',
      rng.weighted([
        [20, 'application/json'],
        [1, 'text/plain'],
        [1, 'application/x-www-form-urlencoded'],
        [1, 'multipart/form-data; boundary=x'],
        [1, 'application/octet-stream'],
        [1, 'application/json; charset=latin1'],
      ]),
    ]);
  }
  if (rng.chance(0.03)) query.push(rng.pick([`${randomWord(rng)}=${randomWord(rng)}`, 'input=1&input=2', 'batch', '%zz']));
  const path = `/trpc/${paths}${query.length ? `?${query.join('&')}` : ''}`;
  const label = `${batch ? 'batch' : 'single'}/${method}/${auth.label}`;
  return { req: { method, path, headers, body }, label };
}

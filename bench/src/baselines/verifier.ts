import { loadavg } from 'node:os';
import { createTokenVerifier } from '@latchkey/client';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, type JSONWebKeySet, type JWTVerifyOptions, jwtVerify } from 'jose';
import type { Measurement } from '../scenarios/measurement.js';

export type VerifierInput = {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  accessToken: string;
  rounds: number;
  roundMs: number;
  concurrency: number;
};

/** Verifications per second of `verify` with `concurrency` in flight, for `ms`. */
async function opsPerSecond(verify: () => Promise<unknown>, ms: number, concurrency: number): Promise<number> {
  let done = 0;
  const started = performance.now();
  const deadline = started + ms;
  const loop = async () => {
    while (performance.now() < deadline) {
      await verify();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The resource-server side, in the bench process: packages/client's
 * createTokenVerifier (local JWKS of the running Latchkey) against raw
 * jose.jwtVerify with the imported public key and the same checks, on the
 * same real Latchkey access token, rounds alternating, medians compared.
 */
export async function measureVerifier(input: VerifierInput): Promise<Measurement[]> {
  const { kid } = decodeProtectedHeader(input.accessToken);
  const jwk = input.jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`verifier: no key ${kid} in the JWKS`);
  const key = await importJWK(jwk, 'ES256');
  const options: JWTVerifyOptions = {
    issuer: input.issuer,
    audience: input.audience,
    algorithms: ['ES256'],
    typ: 'at+jwt',
    clockTolerance: 5,
    requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id'],
  };
  const verifier = createTokenVerifier({ issuer: input.issuer, audience: input.audience, jwks: createLocalJWKSet(input.jwks) });
  const claims = await verifier.verify(input.accessToken);
  await jwtVerify(input.accessToken, key, options);

  const loadAverage = loadavg()[0] ?? 0;
  const verifierRuns: number[] = [];
  const joseRuns: number[] = [];
  // A first untimed round warms both paths.
  await opsPerSecond(() => verifier.verify(input.accessToken), input.roundMs / 2, input.concurrency);
  await opsPerSecond(() => jwtVerify(input.accessToken, key, options), input.roundMs / 2, input.concurrency);
  for (let round = 0; round < input.rounds; round++) {
    const [first, second] = round % 2 ? (['jose', 'verifier'] as const) : (['verifier', 'jose'] as const);
    for (const which of [first, second]) {
      if (which === 'verifier')
        verifierRuns.push(await opsPerSecond(() => verifier.verify(input.accessToken), input.roundMs, input.concurrency));
      else joseRuns.push(await opsPerSecond(() => jwtVerify(input.accessToken, key, options), input.roundMs, input.concurrency));
    }
  }
  const common = {
    scenario: 'verifier' as const,
    variant: 'main' as const,
    setup: `in-process, ${input.concurrency} in flight, ${input.rounds} rounds of ${input.roundMs} ms`,
    database: null,
    workers: null,
    unit: 'ops/s' as const,
    p50: null,
    p95: null,
    p99: null,
    seconds: (input.rounds * input.roundMs) / 1000,
    errors: 0,
    statusCounts: {},
    errorSamples: [],
    rssOf: null,
    peakRssMb: null,
    peakProcessRssMb: null,
    pool: null,
    serverCpuMs: null,
    databaseCpuMs: null,
    serverCores: null,
    loadAverage,
  };
  const row = (system: string, label: string, runs: number[], notes: string[]): Measurement => ({
    ...common,
    system,
    label,
    rps: median(runs),
    requests: Math.round((median(runs) * input.rounds * input.roundMs) / 1000),
    notes: [`rounds: ${runs.map((r) => Math.round(r)).join(', ')} ops/s`, ...notes],
  });
  return [
    row('Latchkey', 'createTokenVerifier.verify (local JWKS)', verifierRuns, [
      `token of sub_type ${claims.subjectType} with ${claims.permissions.length} permissions`,
    ]),
    row('jose 6 (raw)', 'jwtVerify with the imported key, same checks', joseRuns, []),
  ];
}

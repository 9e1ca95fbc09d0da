import type { JSONWebKeySet } from 'jose';
import { measureVerifier } from '../baselines/verifier.js';
import type { BenchContext } from '../context.js';
import type { ScenarioName } from '../options.js';
import { clientCredentialsRunner } from '../scenarios/client-credentials.js';
import { exchangeRunner, mintSubjects } from '../scenarios/exchange.js';
import { glueAccessTokensRunner, glueCompanyUserRunner, glueRefreshTokensRunner, storefrontTokenRunner } from '../scenarios/front-doors.js';
import { introspectionRunner } from '../scenarios/introspection.js';
import type { LatchkeyTarget } from '../scenarios/latchkey-run.js';
import { loginTokenRunner } from '../scenarios/login-token.js';
import { loginTokensListRunners } from '../scenarios/login-tokens-list.js';
import type { Measurement } from '../scenarios/measurement.js';
import { passwordRunner } from '../scenarios/password.js';
import { plainRefresh, refreshRunner } from '../scenarios/refresh.js';
import type { Runner } from '../scenarios/runner.js';
import type { SeededPools, SeedResult } from '../seed/plan.js';

export type ScenarioSet = {
  password: Runner[];
  refresh: Runner[];
  clientCredentials: Runner[];
  exchange: Runner[];
  /** The front doors, each scheduled beside its native grant. */
  doors: Runner[];
  loginToken: Runner[];
  introspection: Runner[];
  list: Runner[];
};

/** The Latchkey runners of one deployment; the list runs on the first setup only (the api does not depend on auth workers). */
export function latchkeyRunners(
  ctx: BenchContext,
  target: LatchkeyTarget,
  pools: SeededPools,
  seeded: SeedResult,
  first: boolean,
  want: (s: ScenarioName) => boolean,
): ScenarioSet {
  return {
    password: want('password') ? [passwordRunner(ctx, target, pools.passwordUsers)] : [],
    refresh: want('refresh')
      ? [
          refreshRunner(
            ctx,
            target,
            pools.refreshTokens,
            plainRefresh([`${seeded.sessions.toLocaleString('en-US')} live sessions in the table`]),
          ),
        ]
      : [],
    clientCredentials: want('client-credentials') ? [clientCredentialsRunner(ctx, target)] : [],
    // The last seeded session is kept for the verifier's access token.
    exchange: want('exchange') ? [exchangeRunner(ctx, target, pools.exchangeSubjects.slice(0, -1))] : [],
    doors: [
      ...(want('glue-access-tokens') ? [glueAccessTokensRunner(ctx, target, pools.glue.passwordUsers)] : []),
      ...(want('storefront-token') ? [storefrontTokenRunner(ctx, target, pools.storefrontTokenUsers)] : []),
      ...(want('glue-refresh-tokens') ? [glueRefreshTokensRunner(ctx, target, pools.glue.refreshTokens)] : []),
      ...(want('glue-company-user') ? [glueCompanyUserRunner(ctx, target, pools.glue.exchangeSubjects)] : []),
    ],
    loginToken: want('login-token') ? [loginTokenRunner(ctx, target, pools.loginTokens)] : [],
    introspection: want('introspection') ? [introspectionRunner(ctx, target, seeded.introspectionTokens)] : [],
    list: first && want('login-tokens-list') ? loginTokensListRunners(ctx, target, seeded.list) : [],
  };
}

/**
 * The resource-server side, in the bench process once the HTTP rounds are
 * over: a real access token of this deployment and its published keys.
 */
export async function measureVerifierOn(ctx: BenchContext, target: LatchkeyTarget, pools: SeededPools): Promise<Measurement[]> {
  const seededSubject = pools.exchangeSubjects.at(-1);
  if (!seededSubject) throw new Error('verifier: no session to mint an access token from');
  const [subject] = await mintSubjects(target.deployment.authUrl, [seededSubject], 1);
  const jwks = (await (await fetch(`${target.deployment.authUrl}/jwks`)).json()) as JSONWebKeySet;
  return measureVerifier({
    issuer: target.deployment.issuer,
    audience: target.deployment.issuer,
    jwks,
    accessToken: subject!.accessToken,
    rounds: ctx.options.smoke ? 2 : 6,
    roundMs: ctx.options.smoke ? 250 : Math.max(500, (ctx.options.durationSeconds * 1000) / 4),
    concurrency: ctx.options.connections,
  });
}

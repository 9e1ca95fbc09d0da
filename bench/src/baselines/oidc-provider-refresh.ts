import { type BenchContext, childScript, serverEnv } from '../context.js';
import type { Baseline, Runner } from '../scenarios/runner.js';
import { type Child, nextMessage, startChild } from '../servers/child.js';
import type { MintRequest, OidcProviderConfig } from '../servers/oidc-provider.js';
import { calibratedPool } from './calibrated-pool.js';

const CLIENT_ID = 'bench-spa';

async function mint(child: Child, count: number): Promise<string[]> {
  const reply = nextMessage<{ type: 'minted'; tokens: string[] }>(child, 'minted');
  child.process.send({ type: 'mint', count } satisfies MintRequest);
  return (await reply).tokens;
}

/**
 * The framework ceiling for refresh: bare oidc-provider, in memory,
 * rotating a different pre-minted refresh token on every request.
 */
export async function startOidcProviderRefresh(ctx: BenchContext): Promise<Baseline> {
  const config: OidcProviderConfig = { clientId: CLIENT_ID, resource: 'urn:bench:api', scope: 'api:read' };
  const child = startChild({
    name: 'oidc-provider',
    script: childScript('servers/oidc-provider.js'),
    env: { ...serverEnv, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    logDir: ctx.logDir,
  });
  const { port } = await nextMessage<{ type: 'ready'; port: number }>(child, 'ready');
  const pool = calibratedPool(ctx.run, (count) => mint(child, count), 1_000);
  const runner: Runner = {
    meta: {
      scenario: 'oidc-provider-refresh',
      label: 'refresh (rotation, ES256 JWT)',
      system: 'oidc-provider 9 (bare)',
      setup: 'in-memory adapter',
      database: null,
      workers: null,
      rssOf: 'oidc-provider',
    },
    url: `http://127.0.0.1:${port}`,
    request: {
      method: 'POST',
      path: '/token',
      build: () => ({ body: `grant_type=refresh_token&client_id=${CLIENT_ID}&refresh_token=${encodeURIComponent(pool.take())}` }),
    },
    settings: { ...ctx.run, warmupSeconds: Math.max(ctx.run.warmupSeconds, 1) },
    pid: child.pid,
    ...pool.runnerFields,
  };
  return { runners: [runner], stop: () => child.stop() };
}

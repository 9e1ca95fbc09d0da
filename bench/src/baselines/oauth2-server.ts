import { type BenchContext, childScript, serverEnv } from '../context.js';
import type { Baseline, Runner } from '../scenarios/runner.js';
import { type Child, nextMessage, startChild } from '../servers/child.js';
import type { OAuth2ServerConfig, RefreshTokensRequest, UsersRequest } from '../servers/oauth2-server.js';
import { calibratedPool } from './calibrated-pool.js';

const CLIENT_ID = 'bench-spa';
type User = { username: string; password: string };

async function users(child: Child, count: number): Promise<User[]> {
  const reply = nextMessage<{ type: 'users'; users: User[] }>(child, 'users');
  child.process.send({ type: 'users', count } satisfies UsersRequest);
  return (await reply).users;
}

async function refreshTokens(child: Child, count: number): Promise<string[]> {
  const reply = nextMessage<{ type: 'refresh-tokens'; tokens: string[] }>(child, 'refresh-tokens');
  child.process.send({ type: 'refresh-tokens', count } satisfies RefreshTokensRequest);
  return (await reply).tokens;
}

/** The peer: @node-oauth/oauth2-server with an in-memory model, password grant (argon2id) and refresh. */
export async function startOAuth2Server(
  ctx: BenchContext,
  which: { password: boolean; refresh: boolean },
  argon2Rps: number,
): Promise<Baseline> {
  const config: OAuth2ServerConfig = { clientId: CLIENT_ID, audience: 'urn:bench:api', scope: 'api:read', hashes: 8 };
  const child = startChild({
    name: 'oauth2-server',
    script: childScript('servers/oauth2-server.js'),
    env: { ...serverEnv, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    logDir: ctx.logDir,
  });
  const { port } = await nextMessage<{ type: 'ready'; port: number }>(child, 'ready');
  const meta = {
    system: '@node-oauth/oauth2-server 5',
    setup: 'in-memory model',
    database: null,
    workers: null,
    rssOf: 'oauth2-server',
  } as const;
  const url = `http://127.0.0.1:${port}`;
  const runners: Runner[] = [];
  if (which.password) {
    const settings = { ...ctx.slowRun, warmupSeconds: Math.max(ctx.slowRun.warmupSeconds, 1) };
    const pool = calibratedPool(settings, (count) => users(child, count), argon2Rps);
    runners.push({
      meta: { ...meta, scenario: 'oauth2-server-password', label: 'password grant (argon2id)' },
      url,
      request: {
        method: 'POST',
        path: '/token',
        build: () => {
          const user = pool.take();
          return {
            body: new URLSearchParams({
              grant_type: 'password',
              client_id: CLIENT_ID,
              username: user.username,
              password: user.password,
            }).toString(),
          };
        },
      },
      settings,
      pid: child.pid,
      ...pool.runnerFields,
    });
  }
  if (which.refresh) {
    const settings = { ...ctx.run, warmupSeconds: Math.max(ctx.run.warmupSeconds, 1) };
    const pool = calibratedPool(settings, (count) => refreshTokens(child, count), 3_000);
    runners.push({
      meta: { ...meta, scenario: 'oauth2-server-refresh', label: 'refresh (rotation, ES256 JWT)' },
      url,
      request: {
        method: 'POST',
        path: '/token',
        build: () => ({ body: `grant_type=refresh_token&client_id=${CLIENT_ID}&refresh_token=${encodeURIComponent(pool.take())}` }),
      },
      settings,
      pid: child.pid,
      ...pool.runnerFields,
    });
  }
  return { runners, stop: () => child.stop() };
}

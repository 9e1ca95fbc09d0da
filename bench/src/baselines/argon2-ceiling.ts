import { type BenchContext, childScript, serverEnv } from '../context.js';
import type { Baseline } from '../scenarios/runner.js';
import type { Argon2VerifyConfig } from '../servers/argon2-verify.js';
import { nextMessage, startChild } from '../servers/child.js';

/**
 * The password grant's physical limit: an HTTP server doing one argon2id
 * verify per request at the policy's parameters, on the thread pool, loaded
 * like the password grant (same connections, a form body of the same size).
 */
export async function startArgon2Ceiling(ctx: BenchContext): Promise<Baseline> {
  const config: Argon2VerifyConfig = { hashes: 8 };
  const child = startChild({
    name: 'argon2-ceiling',
    script: childScript('servers/argon2-verify.js'),
    env: { ...serverEnv, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    logDir: ctx.logDir,
  });
  const { port } = await nextMessage<{ type: 'ready'; port: number }>(child, 'ready');
  const body = new URLSearchParams({
    grant_type: 'password',
    username: 'customer-0000001@bench.example',
    password: 'ceiling-password-0',
    client_id: 'storefront',
  }).toString();
  return {
    runners: [
      {
        meta: {
          scenario: 'argon2-ceiling',
          label: 'argon2id verify only (m=19456,t=2,p=1)',
          system: 'argon2 ceiling',
          setup: 'node:http + @node-rs/argon2',
          database: null,
          workers: null,
          rssOf: 'ceiling server',
        },
        url: `http://127.0.0.1:${port}`,
        request: { method: 'POST', path: '/verify', body },
        // At least a second: its warm-up rate sizes the password pools.
        settings: { ...ctx.slowRun, warmupSeconds: Math.max(ctx.slowRun.warmupSeconds, 1) },
        pid: child.pid,
      },
    ],
    stop: () => child.stop(),
  };
}

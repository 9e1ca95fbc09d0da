// Test support: `npm start`'s stack on a fresh data directory and free ports, for the suites of
// this app and of the packages that drive it from outside (the examples, the console's browser
// suite). Like @latchkey/db/testing, one of the modules that may read process.env.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Started, startFromEnvironment } from './run.js';

/** A port free on 127.0.0.1 when asked (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type TestStackOptions = {
  /** Policy keys besides the cheap password hash every stack gets. */
  policy?: Record<string, unknown>;
  /** Environment variables besides (or instead of) the stack's own. */
  env?: Record<string, string>;
  /** An existing data directory (a restart); a new one otherwise, removed by `dispose`. */
  dataDir?: string;
};

export type TestStackEnv = {
  /** The variables `npm start` reads: data dir, policy file, host, ports, issuer and API URL. */
  env: Record<string, string>;
  dir: string;
  issuer: string;
  apiUrl: string;
  /** Removes the data directory it made (not one it was given). */
  dispose(): Promise<void>;
};

/**
 * The environment of a stack on the embedded database: a data directory, a
 * policy file whose argon2id is at its cheapest (tests are about what the
 * servers answer, not the hash's cost), two free ports on 127.0.0.1.
 */
export async function testStackEnv(options: TestStackOptions = {}): Promise<TestStackEnv> {
  const dir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'latchkey-stack-')));
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, ...options.policy }));
  const issuer = `http://127.0.0.1:${authPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env = {
    LATCHKEY_DATA_DIR: dir,
    LATCHKEY_POLICY_FILE: policyFile,
    LATCHKEY_HOST: '127.0.0.1',
    LATCHKEY_AUTH_PORT: String(authPort),
    LATCHKEY_API_PORT: String(apiPort),
    LATCHKEY_ISSUER: issuer,
    LATCHKEY_API_URL: apiUrl,
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  return { env, dir, issuer, apiUrl, dispose: () => (options.dataDir ? Promise.resolve() : rm(dir, { recursive: true, force: true })) };
}

export type TestStack = TestStackEnv & { started: Started; close(): Promise<void> };

/** `npm start`'s stack in this process (startFromEnvironment) on a fresh {@link testStackEnv}; `close` stops it and removes what it made. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await testStackEnv(options);
  try {
    const started = await startFromEnvironment(stack.env);
    return {
      ...stack,
      started,
      async close() {
        await started.close();
        await stack.dispose();
      },
    };
  } catch (error) {
    await stack.dispose();
    throw error;
  }
}

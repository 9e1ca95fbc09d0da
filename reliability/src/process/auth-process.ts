import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '@latchkey/db';

type App = 'auth' | 'api';

/** An app's built entry point; the tests run what production runs. */
function appMainPath(app: App = 'auth'): string {
  const root = findRepoRoot();
  const main = path.join(root, 'apps', app, 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(
      `${main} is missing: build it with \`npx turbo run build --filter=@latchkey/${app}\` (npm run test:reliability at the root does)`,
    );
  return main;
}

const authMainPath = (): string => appMainPath('auth');

/** Newest modification time under a directory, to tell a stale build from a fresh one. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** A warning when apps/auth/src changed after dist/ was built, else null. */
export function staleBuildWarning(): string | null {
  const main = authMainPath();
  const source = path.join(path.dirname(path.dirname(main)), 'src');
  return newestMtime(source) > statSync(main).mtimeMs
    ? `${main} is older than apps/auth/src: the crash test runs the build, not the sources`
    : null;
}

export type AuthProcessOptions = {
  app?: App;
  /** DATABASE_URL and, behind a pooler, its settings (TestDb's processEnv). */
  databaseEnv: Record<string, string>;
  port: number;
  secretKey: string;
  /** The issuer (a load balancer's URL in front of several nodes); the process's own URL by default. */
  issuer?: string;
  extraEnv?: Record<string, string>;
};

export type AuthProcess = {
  readonly pid: number;
  readonly url: string;
  /** Every line the process wrote, stdout and stderr. */
  readonly output: string[];
  /** kill -9: no draining, no shutdown hooks; resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (the graceful path). */
  stop(): Promise<number | null>;
};

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

/** Starts `node apps/<auth|api>/dist/main.js` on a database and resolves once /readyz answers 200. */
export async function startAuthProcess(options: AuthProcessOptions, readyTimeoutMs = 30_000): Promise<AuthProcess & { readyMs: number }> {
  const app = options.app ?? 'auth';
  const url = `http://127.0.0.1:${options.port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [appMainPath(app)], {
    // Only what the process needs, so nothing of the test's own environment leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      ...options.databaseEnv,
      LATCHKEY_SECRET_KEY: options.secretKey,
      ...(app === 'auth'
        ? { LATCHKEY_AUTH_PORT: String(options.port), LATCHKEY_WORKERS: '1' }
        : { LATCHKEY_API_PORT: String(options.port) }),
      LATCHKEY_HOST: '127.0.0.1',
      LATCHKEY_ISSUER: options.issuer ?? url,
      LOG_LEVEL: 'warn',
      ...options.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = exited(child);

  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} process exited with ${child.exitCode} before it was ready:\n${output.join('\n')}`);
    if (performance.now() - started > readyTimeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${app} process not ready after ${readyTimeoutMs} ms:\n${output.join('\n')}`);
    }
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  return {
    pid: child.pid!,
    url,
    output,
    readyMs: Math.round(performance.now() - started),
    async kill9() {
      child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      child.kill('SIGTERM');
      return exit;
    },
  };
}

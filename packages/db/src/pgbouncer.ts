// Test support: PgBouncer in transaction mode in front of a PostgreSQL, with
// the settings of docs/pgbouncer.ini (the example the README gives), so the
// tests, CI and the bench run through the configuration operators are told
// to use. Only addresses, paths and authentication are replaced.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findRepoRoot } from './env.js';
import { freePort } from './free-port.js';

export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';

export const exampleConfigPath = (root: string = findRepoRoot()): string => path.join(root, 'docs', 'pgbouncer.ini');

export type PgBouncerTarget = {
  /** The PostgreSQL to pool, e.g. postgresql://postgres@127.0.0.1:5432/test (its database part is ignored). */
  target: string;
  /** Where PgBouncer listens, on 127.0.0.1. */
  port: number;
  /** Where the configuration is written. */
  dir: string;
};

// Settings the example gives for production that a local test server replaces.
const REPLACED = new Set(['listen_addr', 'listen_port', 'auth_type', 'auth_file', 'logfile', 'pidfile', 'unix_socket_dir']);

/**
 * docs/pgbouncer.ini for a local run: every database name goes to `target`
 * (tests create databases of their own), PgBouncer listens on 127.0.0.1 and
 * logs in to PostgreSQL as the target URL's user, whatever user a client names.
 */
export function localPgBouncerConfig(example: string, { target, port }: Omit<PgBouncerTarget, 'dir'>): string {
  const url = new URL(target);
  const server = [
    `host=${url.hostname}`,
    `port=${url.port || '5432'}`,
    `user=${decodeURIComponent(url.username || 'postgres')}`,
    ...(url.password ? [`password=${decodeURIComponent(url.password)}`] : []),
  ].join(' ');
  const out: string[] = [];
  let section = '';
  for (const line of example.split('\n')) {
    const header = /^\s*\[(\w+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!;
      out.push(line);
      if (section === 'databases') out.push(`* = ${server}`);
      if (section === 'pgbouncer')
        out.push(
          'listen_addr = 127.0.0.1',
          `listen_port = ${port}`,
          // auth_type "any": no client authentication, on a loopback address, for tests only.
          'auth_type = any',
          // It logs to stderr and runs in the foreground (no pid file); no Unix socket to clash with another's.
          'unix_socket_dir =',
        );
      continue;
    }
    const key = /^\s*([a-z_]+)\s*=/.exec(line)?.[1];
    if (section === 'databases' && key) continue;
    if (section === 'pgbouncer' && key && REPLACED.has(key)) continue;
    out.push(line);
  }
  return out.join('\n');
}

/** Writes the local configuration into `dir` and returns its path. */
export async function writeLocalPgBouncerConfig(options: PgBouncerTarget, root: string = findRepoRoot()): Promise<string> {
  const file = path.join(options.dir, 'pgbouncer.ini');
  await writeFile(file, localPgBouncerConfig(await readFile(exampleConfigPath(root), 'utf8'), options));
  return file;
}

export type RunningPgBouncer = {
  readonly port: number;
  /** `target` with host and port replaced by PgBouncer's. */
  readonly url: string;
  /** The end of what PgBouncer logged (for a failing test's message). */
  log(): Promise<string>;
  stop(): Promise<void>;
};

export const pgbouncerAvailable = (): boolean => existsSync(PGBOUNCER_BINARY);

/** PgBouncer refuses to run as root; `-u` makes it switch to an unprivileged user first. */
export const pgbouncerArgs = (config: string): string[] => (process.getuid?.() === 0 ? ['-u', 'nobody', config] : [config]);

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts PgBouncer (docs/pgbouncer.ini, transaction mode) in front of
 * `target`, on `port` or a free one; resolves once a query through it answers.
 */
export async function startPgBouncer(
  { target, port: wanted }: { target: string; port?: number },
  readyTimeoutMs = 15_000,
): Promise<RunningPgBouncer> {
  const port = wanted ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), 'latchkey-pgbouncer-'));
  // Readable by the user it switches to (see pgbouncerArgs).
  await chmod(dir, 0o755);
  const config = await writeLocalPgBouncerConfig({ target, port, dir });
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, pgbouncerArgs(config), { stdio: ['ignore', 'ignore', 'pipe'] });
  // The last lines of its log only: it logs every client connection.
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const log = async () => stderr.join('');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT: "safe shutdown", after the transactions in flight.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const started = performance.now();
  while (!(await answers(url.toString()))) {
    if (child.exitCode !== null || performance.now() - started > readyTimeoutMs) {
      const logged = await log();
      await stop();
      throw new Error(`PgBouncer did not start on port ${port}:\n${logged}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, url: url.toString(), log, stop };
}

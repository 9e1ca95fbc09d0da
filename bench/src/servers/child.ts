import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Child = {
  name: string;
  pid: number;
  process: ChildProcess;
  logFile: string;
  /** The last lines of the child's output, for an error message. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
};

export type ChildOptions = {
  name: string;
  /** A JavaScript entry point. */
  script: string;
  env: Record<string, string>;
  execArgv?: string[];
  /** Directory for the child's log file (stdout and stderr). */
  logDir: string;
  cwd?: string;
};

export { freePort } from '@latchkey/db/free-port';

/**
 * A Node child process with an IPC channel, its output in a log file (not
 * piped through the bench process, which generates the load).
 */
export function startChild(options: ChildOptions): Child {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = fork(options.script, [], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  const exited = once(child, 'exit').then(() => undefined);
  return {
    name: options.name,
    pid: child.pid,
    process: child,
    logFile,
    tail(lines = 30) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when `url` answers 2xx; rejects with the child's log if it exits or time runs out. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null = null;
  child.process.once('exit', (code) => (exitCode = code ?? -1));
  for (;;) {
    if (exitCode !== null) throw new Error(`${child.name} exited (${exitCode}) before answering ${url}:\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first IPC message of `type` from a child, or its log if it exits first. */
export function nextMessage<T extends { type: string }>(child: Child, type: T['type'], timeoutMs = 300_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`${child.name}: no '${type}' message within ${timeoutMs} ms:\n${child.tail()}`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const m = message as { type?: string; error?: string };
      if (m?.type === 'error') done(new Error(`${child.name}: ${m.error ?? 'failed'}\n${child.tail()}`));
      else if (m?.type === type) done(null, message as T);
    };
    const onExit = (code: number | null) => done(new Error(`${child.name} exited (${code}) before sending '${type}':\n${child.tail()}`));
    function done(error: Error | null, value?: T) {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    }
    child.process.on('message', onMessage);
    child.process.on('exit', onExit);
  });
}

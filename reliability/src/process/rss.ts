import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Resident set size of a process in MB: /proc on Linux, `ps` elsewhere. */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status
    ? Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1])
    : Number((await run('ps', ['-o', 'rss=', '-p', String(pid)])).stdout.trim());
  if (!Number.isFinite(kb)) throw new Error(`no RSS for process ${pid}`);
  return kb / 1024;
}

export type RssSample = { seconds: number; mb: number };

/** Samples a process's RSS every `everyMs` until stopped; the samples carry seconds since the start. */
export function sampleRss(pid: number, everyMs = 1000): { samples: RssSample[]; stop(): Promise<RssSample[]> } {
  const samples: RssSample[] = [];
  const started = performance.now();
  let pending: Promise<void> = Promise.resolve();
  const take = () => {
    pending = rssMb(pid).then(
      (mb) => void samples.push({ seconds: (performance.now() - started) / 1000, mb }),
      () => undefined,
    );
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await pending;
      return samples;
    },
  };
}

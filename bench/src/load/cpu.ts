import { readFile } from 'node:fs/promises';
import { processTree } from './rss.js';

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100;

async function cpuTicks(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; fields count from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export type CpuUsage = { serverSeconds: number; databaseSeconds: number | null };

/**
 * CPU time spent during a run by the server (with its descendants) and by
 * the database backends serving it (PostgreSQL: the bench database's
 * connections), from /proc. A process that appears mid-run counts whole,
 * one that exits mid-run not at all.
 */
export function measureCpu(serverPid: number, databasePids?: () => Promise<number[]>): { stop(): Promise<CpuUsage> } {
  const start = (async () => {
    const server = await processTree(serverPid);
    const database = databasePids ? await databasePids() : [];
    const ticks = new Map<number, number>();
    for (const pid of [...server, ...database]) ticks.set(pid, await cpuTicks(pid));
    return { ticks };
  })();
  return {
    async stop() {
      const { ticks } = await start;
      const sum = async (pids: number[]) => {
        let total = 0;
        for (const pid of pids) total += (await cpuTicks(pid)) - (ticks.get(pid) ?? 0);
        return total / TICKS_PER_SECOND;
      };
      return {
        serverSeconds: await sum(await processTree(serverPid)),
        databaseSeconds: databasePids ? await sum(await databasePids()) : null,
      };
    },
  };
}

/**
 * Waits until the server (with its descendants) is idle: at most one clock
 * tick of CPU in half a second (a starved server with work left still gets
 * more on a loaded machine), or `timeoutMs` at most. A run that ends
 * leaves work behind — 50 aborted password requests are 50 argon2 jobs
 * still queued — and the next run on the same server must not pay for it.
 */
export async function waitForIdle(pid: number, timeoutMs = 15_000, alsoPids?: () => Promise<number[]>): Promise<void> {
  const windowMs = 500;
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    // The database backends too: a statement a closed connection left running is still the previous run's.
    const pids = [...(await processTree(pid)), ...((await alsoPids?.()) ?? [])];
    const before = await Promise.all(pids.map(cpuTicks));
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = await Promise.all(pids.map(cpuTicks));
    const busyTicks = after.reduce((sum, ticks, i) => sum + ticks - before[i]!, 0);
    if (busyTicks <= 1) return;
  }
}

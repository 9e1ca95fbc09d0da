import { readdir, readFile } from 'node:fs/promises';

export type RssPeak = {
  /** Largest sum over the process and its descendants (cluster workers), MiB. */
  totalMb: number;
  /** Largest single process, MiB. */
  processMb: number;
  samples: number;
};

async function rssKb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')));
    return lists.flatMap((list) => list.split(' ').filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** A process and all its descendants (cluster workers). */
export async function processTree(pid: number): Promise<number[]> {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(await childrenOf(all[i]!)));
  return all;
}

/**
 * Samples VmRSS of a process and its descendants every `intervalMs` until
 * stopped; the peak is what a scenario reports as the server's memory.
 */
export function sampleRss(pid: number, intervalMs = 250): { stop(): Promise<RssPeak> } {
  const peak: RssPeak = { totalMb: 0, processMb: 0, samples: 0 };
  let running = true;
  const sample = async () => {
    const sizes = (await Promise.all((await processTree(pid)).map(rssKb))).filter((kb): kb is number => kb !== null);
    if (sizes.length === 0) return;
    peak.totalMb = Math.max(peak.totalMb, sizes.reduce((a, b) => a + b, 0) / 1024);
    peak.processMb = Math.max(peak.processMb, Math.max(...sizes) / 1024);
    peak.samples++;
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    await sample();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...peak, totalMb: Math.round(peak.totalMb), processMb: Math.round(peak.processMb) };
    },
  };
}

import { percentiles } from './latency.js';
import type { LoadResult } from './run-load.js';

/** One result for a scenario measured in several rounds: counts and CPU summed, latency over every response, RSS at its peak. */
export function mergeLoads(results: LoadResult[]): LoadResult {
  const first = results[0];
  if (!first) throw new Error('nothing to merge');
  if (results.length === 1) return first;
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const samples = new Float64Array(sum((r) => r.samples.length));
  let at = 0;
  for (const r of results) {
    samples.set(r.samples, at);
    at += r.samples.length;
  }
  const statusCounts: Record<string, number> = {};
  for (const r of results)
    for (const [status, count] of Object.entries(r.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + count;
  const seconds = sum((r) => r.seconds);
  const ok = sum((r) => r.ok);
  const withRss = results.filter((r) => r.rss);
  const withCpu = results.filter((r) => r.cpu);
  return {
    requests: sum((r) => r.requests),
    seconds,
    rps: ok / seconds,
    tailRps: Math.max(...results.map((r) => r.tailRps)),
    latency: percentiles(samples),
    samples,
    ok,
    non2xx: sum((r) => r.non2xx),
    socketErrors: sum((r) => r.socketErrors),
    timeouts: sum((r) => r.timeouts),
    statusCounts,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 3),
    rss: withRss.length
      ? {
          totalMb: Math.max(...withRss.map((r) => r.rss!.totalMb)),
          processMb: Math.max(...withRss.map((r) => r.rss!.processMb)),
          samples: withRss.reduce((n, r) => n + r.rss!.samples, 0),
        }
      : null,
    cpu: withCpu.length
      ? {
          serverSeconds: withCpu.reduce((n, r) => n + r.cpu!.serverSeconds, 0),
          databaseSeconds: withCpu.some((r) => r.cpu!.databaseSeconds !== null)
            ? withCpu.reduce((n, r) => n + (r.cpu!.databaseSeconds ?? 0), 0)
            : null,
        }
      : null,
    loadAverage: sum((r) => r.loadAverage) / results.length,
  };
}

import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { type CpuUsage, measureCpu } from './cpu.js';
import { type Latency, percentiles, SampleBuffer } from './latency.js';
import { type RssPeak, sampleRss } from './rss.js';

/** One kind of request a scenario sends; `build` is called once per request sent. */
export type RequestShape = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fresh body (and optionally path) for every request, e.g. with the next token of a pool. */
  build?: () => { body?: string; path?: string; headers?: Record<string, string> };
  body?: string;
};

export type LoadInput = {
  url: string;
  connections: number;
  durationSeconds: number;
  request: RequestShape;
  /** The server process whose RSS and CPU time are sampled (with its descendants). */
  pid?: number;
  /** The database backends serving it, whose CPU time is counted too. */
  databasePids?: () => Promise<number[]>;
  /** Lets a scenario end the run early (a pool ran dry). */
  stopSignal?: { onStop(stop: () => void): void };
};

export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  /** 2xx per second over the second half of the run (past the JIT and ramp-up): what pools are sized by. */
  tailRps: number;
  latency: Latency | null;
  /** Every response's latency in ms, to merge runs. */
  samples: Float64Array;
  ok: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /** Up to three bodies of non-2xx answers, for the log. */
  errorSamples: string[];
  rss: RssPeak | null;
  cpu: CpuUsage | null;
  /** 1-minute load average when the run started (the machine is shared). */
  loadAverage: number;
};

/**
 * Closed-loop load with autocannon's programmatic API: `connections`
 * keep-alive connections, each sending its next request when the last is
 * answered, for a fixed time. Latency is recorded for every response.
 */
export async function runLoad(input: LoadInput): Promise<LoadResult> {
  const { request } = input;
  const latencies = new SampleBuffer();
  const statusCounts: Record<string, number> = {};
  const errorSamples: string[] = [];
  const loadAverage = loadavg()[0] ?? 0;
  const rss = input.pid ? sampleRss(input.pid) : null;
  const cpu = input.pid ? measureCpu(input.pid, input.databasePids) : null;
  const headers = { ...(request.body || request.build ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers };
  const started = performance.now();
  // Responses after an early stop (a pool ran dry) are not measured: they may carry a reused token.
  let cutoff: number | null = null;
  let socketErrors = 0;
  let timeouts = 0;
  let tailOk = 0;
  const halfway = started + (input.durationSeconds * 1000) / 2;

  await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: input.url,
        connections: input.connections,
        duration: input.durationSeconds,
        timeout: 30,
        // How often autocannon checks whether to stop: an early stop takes effect within this.
        sampleInt: 100,
        requests: [
          {
            method: request.method,
            path: request.path,
            headers,
            ...(request.body ? { body: request.body } : {}),
            ...(request.build
              ? {
                  setupRequest: (req: autocannon.Request) => {
                    const next = request.build!();
                    return {
                      ...req,
                      ...(next.body !== undefined ? { body: next.body } : {}),
                      ...(next.path ? { path: next.path } : {}),
                      ...(next.headers ? { headers: { ...req.headers, ...next.headers } } : {}),
                    };
                  },
                }
              : {}),
            onResponse: (status: number, body: string) => {
              if (cutoff === null && status >= 300 && errorSamples.length < 3) errorSamples.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (error: unknown, res: autocannon.Result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(res),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (cutoff !== null) return;
      if (statusCode < 300 && statusCode >= 200 && performance.now() >= halfway) tailOk++;
      latencies.push(responseTime);
      const key = String(statusCode);
      statusCounts[key] = (statusCounts[key] ?? 0) + 1;
    });
    instance.on('reqError', (error: Error) => {
      if (cutoff !== null) return;
      if (/timed out/.test(error.message)) timeouts++;
      else socketErrors++;
    });
    input.stopSignal?.onStop(() => {
      cutoff ??= performance.now();
      instance.stop();
    });
  });

  const seconds = ((cutoff ?? performance.now()) - started) / 1000;
  const responses = latencies.length;
  const ok = Object.entries(statusCounts).reduce((sum, [status, count]) => sum + (status.startsWith('2') ? count : 0), 0);
  return {
    requests: responses,
    seconds,
    rps: ok / seconds,
    tailRps: tailOk / Math.max(0.001, ((cutoff ?? performance.now()) - halfway) / 1000),
    latency: percentiles(latencies.values()),
    samples: Float64Array.from(latencies.values()),
    ok,
    non2xx: responses - ok,
    socketErrors,
    timeouts,
    statusCounts,
    errorSamples,
    rss: rss ? await rss.stop() : null,
    cpu: cpu ? await cpu.stop() : null,
    loadAverage,
  };
}

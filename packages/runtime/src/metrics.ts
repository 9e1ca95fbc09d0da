import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type PoolStats = { total: number; idle: number; waiting: number };

/**
 * Latchkey's Prometheus series, on a registry of their own (no global state:
 * two servers in one process, as in tests, keep their counts apart). Label
 * values are codes, grant types, known client ids and procedure names only:
 * never a token, a secret or anything a caller typed freely.
 */
export function createMetrics(options: { poolStats?: () => PoolStats | null } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'latchkey_' });
  const registers = [registry];
  const metrics = {
    registry,
    tokenRequests: new Counter({
      name: 'latchkey_token_requests_total',
      help: 'Token endpoint requests by grant type, client and outcome (ok or a refusal code)',
      labelNames: ['grant', 'client', 'outcome'] as const,
      registers,
    }),
    tokenDuration: new Histogram({
      name: 'latchkey_token_request_duration_seconds',
      help: 'Token endpoint latency by grant type',
      labelNames: ['grant'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    lockouts: new Counter({
      name: 'latchkey_lockout_refusals_total',
      help: 'Password attempts refused by the lockout, by rule (account or ip)',
      labelNames: ['rule'] as const,
      registers,
    }),
    refreshReuse: new Counter({
      name: 'latchkey_refresh_reuse_detections_total',
      help: 'Rotated refresh tokens presented again after the grace window (their family is revoked)',
      registers,
    }),
    loginLinkRefusals: new Counter({
      name: 'latchkey_login_link_refusals_total',
      help: 'Login links (GET /login/token/...) refused, by refusal code',
      labelNames: ['reason'] as const,
      registers,
    }),
    frontDoorRequests: new Counter({
      name: 'latchkey_front_door_requests_total',
      help: "Requests to the vendors' front doors, by vendor and status",
      labelNames: ['vendor', 'status'] as const,
      registers,
    }),
    adminCalls: new Counter({
      name: 'latchkey_admin_calls_total',
      help: 'Admin API procedure calls by procedure and outcome (ok or a tRPC code)',
      labelNames: ['procedure', 'outcome'] as const,
      registers,
    }),
  };
  if (options.poolStats) {
    const stats = options.poolStats;
    new Gauge({
      name: 'latchkey_db_pool_connections',
      help: 'PostgreSQL pool connections of this process, by state (in_use, idle, waiting: requests queued for one)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const now = stats();
        if (!now) return;
        this.set({ state: 'in_use' }, now.total - now.idle);
        this.set({ state: 'idle' }, now.idle);
        this.set({ state: 'waiting' }, now.waiting);
      },
    });
  }
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The Prometheus text exposition at GET /metrics, on a listener of its own (never the public ones). */
export async function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

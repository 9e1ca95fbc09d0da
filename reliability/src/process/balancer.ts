import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Balancer = {
  readonly url: string /** Requests forwarded to each upstream, in order. */;
  readonly forwarded: number[];
  close(): Promise<void>;
};

/**
 * A round-robin HTTP load balancer in front of several nodes, as in
 * production: the nodes' issuer is its URL, so discovery and the JWKS a
 * verifier fetches come from whichever node it picks.
 */
export async function startBalancer(upstreams: readonly string[]): Promise<Balancer> {
  const forwarded = upstreams.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const index = next++ % upstreams.length;
    forwarded[index]!++;
    const target = new URL(req.url ?? '/', upstreams[index]);
    const proxied = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(proxied);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type DrainingServer = {
  server: Server;
  /**
   * Stops accepting, closes idle keep-alive sockets at once, answers what is
   * in flight with `Connection: close` (so each socket closes after its
   * answer), and resolves when every connection is gone. Past `graceMs` the
   * remaining connections are cut, so a client holding a socket open cannot
   * keep the process from closing its database and log.
   */
  close(graceMs?: number): Promise<void>;
};

/**
 * An HTTP server that drains: Node's `server.close()` alone leaves sockets
 * kept alive by answers sent during the drain, and the process then waited
 * for its 10 s fallback `process.exit(1)`, skipping the database and log
 * shutdown. The auth server and the api both listen through this.
 */
export function drainingServer(handler: (req: IncomingMessage, res: ServerResponse) => void): DrainingServer {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    handler(req, res);
  });
  // A socket that went idle during the drain is closed as soon as it does.
  server.on('request', (_req, res: ServerResponse) =>
    res.once('finish', () => draining && setImmediate(() => server.closeIdleConnections())),
  );

  return {
    server,
    close(graceMs = 8_000) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      cut.unref();
      return closed.finally(() => clearTimeout(cut));
    },
  };
}

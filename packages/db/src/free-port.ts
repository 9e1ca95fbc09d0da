import { createServer } from 'node:net';

// Below Linux's ephemeral range (32768-60999): a port the kernel picks for listen(0) is also one it hands
// to outgoing connections (the suites open hundreds to PostgreSQL), so between a probe and the server's
// own listen another socket could take it (EADDRINUSE in CI). Ports from here are taken only by another
// caller of this function, which picks at random and checks first.
const PORTS = { from: 20_000, to: 32_000 };
const ATTEMPTS = 50;

const listensOn = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A port free on 127.0.0.1 when asked, outside the range the kernel hands out by itself: for a
 * process that must be told its port before it listens (a child server, PgBouncer), or for an
 * address nothing answers on.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = PORTS.from + Math.floor(Math.random() * (PORTS.to - PORTS.from));
    if (await listensOn(port)) return port;
  }
  throw new Error(`freePort: no free port in ${PORTS.from}-${PORTS.to} after ${ATTEMPTS} tries`);
}

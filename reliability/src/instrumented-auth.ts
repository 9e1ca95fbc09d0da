import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthServerDeps, createAuthServer } from '@latchkey/auth';
import { type RunningAuth, TEST_SECRET_KEY } from '@latchkey/auth/testing';
import { createSecretBox, type Db } from '@latchkey/db';

export type InFlightGauge = { readonly now: number /** The most requests in flight at once since the last call. */; takePeak(): number };

/**
 * startAuthServer (from @latchkey/auth/testing) plus a gauge of requests in
 * flight, so a race test can show its requests really overlapped in the server.
 */
export async function startGaugedAuthServer(
  db: Db,
  options: Partial<AuthServerDeps> = {},
): Promise<RunningAuth & { inFlight: InFlightGauge }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = await createAuthServer({ db, issuer: url, secretBox: createSecretBox(TEST_SECRET_KEY), ...options });
  let now = 0;
  let peak = 0;
  server.on('request', (req, res) => {
    now++;
    peak = Math.max(peak, now);
    res.once('close', () => now--);
    auth.handle(req, res);
  });
  return {
    auth,
    url,
    issuer: url,
    inFlight: {
      get now() {
        return now;
      },
      takePeak() {
        const seen = peak;
        peak = now;
        return seen;
      },
    },
    async close() {
      await auth.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

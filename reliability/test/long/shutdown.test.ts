import { once } from 'node:events';
import { Agent, type IncomingMessage, request } from 'node:http';
import type { Socket } from 'node:net';
import { createClient } from '@latchkey/auth/testing';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/env.js';
import { type AuthProcess, staleBuildWarning, startAuthProcess } from '../../src/process/auth-process.js';
import { freePort } from '../../src/process/free-port.js';
import { figure } from '../../src/report.js';

// SIGTERM with a keep-alive client (issue 10, item 9): the process drains
// (idle socket closed, the request in flight answered with Connection:
// close) and exits 0 after the database and the log are closed, not by its
// 10 s fallback exit(1).
const settings = readSettings();
const SECRET_KEY = 'latchkey-shutdown-test-secret-key-012345678';
if (!settings.DATABASE_URL)
  figure('shutdown: skipped, it needs PostgreSQL (set DATABASE_URL): the auth process and this test share the database');

let db: TestDb;
let auth: AuthProcess | null = null;
describe.skipIf(!settings.DATABASE_URL)('shutdown: SIGTERM with a keep-alive client', () => {
  beforeAll(async () => {
    const stale = staleBuildWarning();
    if (stale) figure(`shutdown: WARNING ${stale}`);
    db = await createTestDb();
    await createClient(db);
    auth = await startAuthProcess({
      databaseEnv: db.processEnv,
      port: await freePort(),
      secretKey: SECRET_KEY,
      extraEnv: { LOG_LEVEL: 'info' },
    });
  });
  afterAll(async () => {
    await auth?.kill9();
    await db?.dispose();
  });

  it('answers the request in flight with Connection: close, closes the idle socket, and exits 0 after closing the database and log', async () => {
    const running = auth!;
    const idleAgent = new Agent({ keepAlive: true });
    const agent = new Agent({ keepAlive: true });
    const first = request(`${running.url}/healthz`, { agent: idleAgent });
    first.end();
    const [firstAnswer] = (await once(first, 'response')) as [IncomingMessage];
    firstAnswer.resume();
    await once(firstAnswer, 'end');
    const idleClosed = once(first.socket as Socket, 'close');

    const body = new URLSearchParams({
      grant_type: 'password',
      client_id: 'storefront',
      username: 'a@example.com',
      password: 'x',
    }).toString();
    const inFlight = request(`${running.url}/token`, {
      agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    inFlight.write(body.slice(0, 10));
    const [socket] = (await once(inFlight, 'socket')) as [Socket];
    if (socket.connecting) await once(socket, 'connect');
    // The process must have read the request's headers before the signal; it cannot say so from outside.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = running.stop();
    await idleClosed;
    inFlight.end(body.slice(10));
    const [answer] = (await once(inFlight, 'response')) as [IncomingMessage];
    answer.resume();
    await once(answer, 'end');
    expect(answer.headers.connection).toBe('close');
    expect(await exit).toBe(0);
    const lines = running.output.join('\n');
    expect(lines).toMatch(/"msg":"draining"/);
    expect(lines).toMatch(/"msg":"stopped"/);
    agent.destroy();
    idleAgent.destroy();
    auth = null;
  });
});

import { once } from 'node:events';
import { Agent, type IncomingMessage, request } from 'node:http';
import type { Socket } from 'node:net';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthServer, Listening } from '../src/server.js';
import { createClient, startAuthServer } from '../src/testing.js';

// Draining at SIGTERM (main.ts calls listening.close()), with a keep-alive
// client: the idle socket closes at once, the request in flight is answered
// with Connection: close, and close() resolves as soon as both are done,
// rather than when a fallback timer cuts them.
let db: TestDb;
let auth: AuthServer;
beforeAll(async () => {
  db = await createTestDb();
  await createClient(db);
  auth = (await startAuthServer(db)).auth;
});
afterAll(() => db?.dispose());

const body = new URLSearchParams({ grant_type: 'password', client_id: 'storefront', username: 'a@example.com', password: 'x' }).toString();

describe('shutdown drain', () => {
  it('closes idle keep-alive sockets at once and answers the request in flight with Connection: close', async () => {
    const listening: Listening = await auth.listen(0);
    // Two keep-alive clients, so the second does not reuse the first one's socket.
    const idleAgent = new Agent({ keepAlive: true });
    const agent = new Agent({ keepAlive: true });
    // One request done: its socket stays open, idle, kept alive.
    const first = request(`${listening.url}/healthz`, { agent: idleAgent });
    first.end();
    const [firstAnswer] = (await once(first, 'response')) as [IncomingMessage];
    firstAnswer.resume();
    await once(firstAnswer, 'end');
    expect(firstAnswer.headers.connection).toBe('keep-alive');
    const idle = first.socket as Socket;
    const idleClosed = once(idle, 'close');

    // One request in flight: its headers and half its body sent (the server has seen the request).
    const seen = new Promise((resolve) => listening.server.once('request', resolve));
    const inFlight = request(`${listening.url}/token`, {
      agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    });
    inFlight.write(body.slice(0, 10));
    await seen;

    let closed = false;
    const closing = listening.close().then(() => {
      closed = true;
    });
    await idleClosed;
    expect(closed).toBe(false);

    inFlight.end(body.slice(10));
    const [answer] = (await once(inFlight, 'response')) as [IncomingMessage];
    answer.resume();
    await once(answer, 'end');
    expect(answer.statusCode).toBe(400);
    expect(answer.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    agent.destroy();
    idleAgent.destroy();
  });
});

// Requests the token-endpoint fuzz found mishandled (fixed in apps/auth by
// 7c5cbae), kept as fixed cases so they stay covered whatever seed the fuzz draws.
import { connect } from 'node:net';
import { createClient, type RunningAuth, startAuthServer } from '@latchkey/auth/testing';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../src/http/raw-request.js';

let db: TestDb;
let server: RunningAuth;

beforeAll(async () => {
  db = await createTestDb();
  await createClient(db, { id: 'storefront' });
  server = await startAuthServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.dispose();
});

const form = (body: string, headers: [string, string][] = []) =>
  sendRaw(server.url, {
    method: 'POST',
    path: '/token',
    headers: [['Content-Type', 'application/x-www-form-urlencoded'], ...headers],
    body: Buffer.from(body),
  });

describe('token endpoint findings', () => {
  it('answers errors as RFC 6749 JSON to a client whose Accept prefers HTML', async () => {
    const control = await form('client_id=storefront&grant_type=password');
    expect(control).toMatchObject({ ok: true, status: 400, headers: { 'content-type': expect.stringMatching(/^application\/json/) } });

    const answer = await form('client_id=storefront&grant_type=password', [['Accept', 'text/html']]);
    expect(answer.ok && answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.ok && JSON.parse(answer.text)).toEqual({
      error: 'invalid_request',
      error_description: "missing required parameter 'username'",
      latchkey_code: 'parameter_missing',
    });
  });

  it('keeps a kept-alive connection answering (or closes it) after refusing an oversized chunked body', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    await new Promise((resolve) => socket.once('connect', resolve));
    const answers = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    const waitFor = async (done: () => boolean, ms: number) => {
      for (const until = Date.now() + ms; !done() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    // 300 kB in two chunks: over oidc-provider's 56 KiB parser limit, and no Content-Length for bodyLimit to refuse.
    const half = `password=${'a'.repeat(150_000)}`;
    const chunk = `${half.length.toString(16)}\r\n${half}\r\n`;
    socket.write(
      `POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}0\r\n\r\n`,
    );
    await waitFor(() => answers().length === 1, 5_000);
    expect(answers()).toEqual(['HTTP/1.1 400']);

    const small = 'grant_type=password&client_id=storefront&username=a&password=b';
    if (!closed && !/\r\nConnection: close\r\n/i.test(received)) {
      socket.write(
        `POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${small.length}\r\n\r\n${small}`,
      );
      await waitFor(() => answers().length === 2 || closed, 3_000);
      socket.destroy();
      // Kept open, the connection must answer the next request, not hang until the keep-alive timeout and reset.
      expect({ answers: answers(), resetOrClosed: closed }).toEqual({ answers: ['HTTP/1.1 400', 'HTTP/1.1 400'], resetOrClosed: false });
    }
    socket.destroy();
  });
});

// Child process: an HTTP server that does nothing but one argon2id verify
// per request, on libuv's thread pool like Latchkey's password grant. Its
// throughput is the password grant's physical limit on this machine.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPolicy } from '@latchkey/core';
import { hash, verify } from '@node-rs/argon2';
import { readForm, sendJson } from './form.js';
import { childConfig, runChild, send } from './ipc.js';

export type Argon2VerifyConfig = { hashes: number };

// @node-rs/argon2's Algorithm.Argon2id (a const enum cannot be imported under verbatimModuleSyntax).
const ARGON2ID = 2;

runChild(async () => {
  const config = childConfig<Argon2VerifyConfig>();
  const users = await Promise.all(
    Array.from({ length: config.hashes }, async (_, i) => {
      const password = `ceiling-password-${i}`;
      return { password, hash: await hash(password, { algorithm: ARGON2ID, ...defaultPolicy.passwordHash }) };
    }),
  );
  let next = 0;
  const server = createServer((req, res) => {
    readForm(req)
      .then(async () => {
        const user = users[next++ % users.length]!;
        const ok = await verify(user.hash, user.password);
        sendJson(res, ok ? 200 : 500, { ok });
      })
      .catch(() => sendJson(res, 500, { ok: false }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  await send({ type: 'ready', port: (server.address() as AddressInfo).port, params: defaultPolicy.passwordHash });
});

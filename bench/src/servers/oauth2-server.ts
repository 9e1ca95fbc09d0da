// Child process: the peer. @node-oauth/oauth2-server 5 with an in-memory
// model behind a minimal node:http adapter: password grant verifying
// argon2id at Latchkey's parameters, and refresh with rotation. Access tokens
// are ES256 JWTs (model.generateAccessToken with jose), as Latchkey's and the
// oidc-provider baseline's are.
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPolicy } from '@latchkey/core';
import OAuth2Server from '@node-oauth/oauth2-server';
import { hash, verify } from '@node-rs/argon2';
import { generateKeyPair, SignJWT } from 'jose';
import { readForm, sendJson } from './form.js';
import { childConfig, onRequest, runChild, send } from './ipc.js';

export type OAuth2ServerConfig = { clientId: string; audience: string; scope: string; hashes: number };
export type UsersRequest = { type: 'users'; count: number };
export type RefreshTokensRequest = { type: 'refresh-tokens'; count: number };

// @node-rs/argon2's Algorithm.Argon2id (a const enum cannot be imported under verbatimModuleSyntax).
const ARGON2ID = 2;
const ACCESS_TTL = 900;
const REFRESH_TTL = 14 * 24 * 3600;

type User = { id: string; hash: string };

runChild(async () => {
  const config = childConfig<OAuth2ServerConfig>();
  const { privateKey } = await generateKeyPair('ES256');
  const client: OAuth2Server.Client = {
    id: config.clientId,
    grants: ['password', 'refresh_token'],
    accessTokenLifetime: ACCESS_TTL,
    refreshTokenLifetime: REFRESH_TTL,
  };
  const passwords = await Promise.all(
    Array.from({ length: config.hashes }, async (_, i) => {
      const password = `peer-password-${i}`;
      return { password, hash: await hash(password, { algorithm: ARGON2ID, ...defaultPolicy.passwordHash }) };
    }),
  );
  const users = new Map<string, User>();
  const refreshTokens = new Map<string, OAuth2Server.RefreshToken>();

  const model: OAuth2Server.PasswordModel & OAuth2Server.RefreshTokenModel = {
    getClient: async (clientId) => (clientId === client.id ? client : null),
    getUser: async (username, password) => {
      const user = users.get(username);
      return user && (await verify(user.hash, password)) ? user : null;
    },
    generateAccessToken: async (tokenClient, user, scope) =>
      new SignJWT({ client_id: tokenClient.id, scope: scope.join(' '), jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'peer' })
        .setIssuer('http://127.0.0.1')
        .setSubject(String(user.id))
        .setAudience(config.audience)
        .setIssuedAt()
        .setExpirationTime(`${ACCESS_TTL}s`)
        .sign(privateKey),
    saveToken: async (token, tokenClient, user) => {
      const saved = { ...token, client: tokenClient, user };
      if (token.refreshToken) refreshTokens.set(token.refreshToken, saved as OAuth2Server.RefreshToken);
      return saved;
    },
    getRefreshToken: async (value) => refreshTokens.get(value) ?? null,
    revokeToken: async (token) => refreshTokens.delete(token.refreshToken),
    validateScope: async () => [config.scope],
    getAccessToken: async () => null,
    verifyScope: async () => false,
  };

  const oauth = new OAuth2Server({
    model,
    requireClientAuthentication: { password: false, refresh_token: false },
    accessTokenLifetime: ACCESS_TTL,
    refreshTokenLifetime: REFRESH_TTL,
    alwaysIssueNewRefreshToken: true,
  });

  let userCount = 0;
  onRequest<UsersRequest>('users', async ({ count }) => {
    const created: { username: string; password: string }[] = [];
    for (let i = 0; i < count; i++) {
      const entry = passwords[userCount % passwords.length]!;
      const username = `peer-user-${userCount++}@example.com`;
      users.set(username, { id: `user-${userCount}`, hash: entry.hash });
      created.push({ username, password: entry.password });
    }
    return { type: 'users', users: created };
  });
  onRequest<RefreshTokensRequest>('refresh-tokens', async ({ count }) => {
    const tokens: string[] = [];
    const expiresAt = new Date(Date.now() + REFRESH_TTL * 1000);
    for (let i = 0; i < count; i++) {
      const value = randomBytes(32).toString('hex');
      refreshTokens.set(value, {
        refreshToken: value,
        refreshTokenExpiresAt: expiresAt,
        scope: [config.scope],
        client,
        user: { id: `user-r${i}` },
      });
      tokens.push(value);
    }
    return { type: 'refresh-tokens', tokens };
  });

  const server = createServer((req, res) => {
    readForm(req)
      .then(async (body) => {
        const request = new OAuth2Server.Request({
          method: req.method ?? 'POST',
          headers: req.headers as Record<string, string>,
          query: {},
          body,
        });
        const response = new OAuth2Server.Response();
        try {
          await oauth.token(request, response);
        } catch (error) {
          const e = error as { code?: number; name?: string; message?: string };
          return sendJson(res, e.code ?? 500, { error: e.name ?? 'server_error', error_description: e.message });
        }
        sendJson(res, response.status ?? 200, response.body);
      })
      .catch(() => sendJson(res, 500, { error: 'server_error' }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  await send({ type: 'ready', port: (server.address() as AddressInfo).port });
});

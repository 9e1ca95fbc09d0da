import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { defaultPolicy, type Policy } from '@latchkey/core';
import {
  createClientStore,
  createLoginStore,
  createLoginTokenStore,
  createOidcPayloadStore,
  createSessionFacts,
  createStorefrontTokenStore,
  dummyPasswordHash,
  ensureSigningKey,
  loadSigningKeys,
  type SecretBox,
  type SqlDb,
} from '@latchkey/db';
import { drainingServer, type Metrics, silentLogger } from '@latchkey/runtime';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { AuthDeps } from './deps.js';
import { frontDoors } from './front-doors/index.js';
import { registerGrants } from './grants/index.js';
import { accessLog } from './http/access-log.js';
import { bodyLimit } from './http/body-limit.js';
import { clientIp } from './http/client-ip.js';
import { discoveryOnIssuer } from './http/discovery.js';
import { health } from './http/health.js';
import { requestMetrics } from './http/metrics.js';
import { notFound } from './http/not-found.js';
import { pragmaNoCache } from './http/pragma.js';
import { requestId } from './http/request-id.js';
import { validHost } from './http/valid-host.js';
import { createLimiter } from './login/limiter.js';
import { loginLinkRoute } from './login-links/route.js';
import { createClientRegistry } from './provider/clients.js';
import { providerConfiguration } from './provider/configuration.js';
import { compareHashedClientSecrets, jwtIntrospection, tokenEndpointErrors } from './provider/internals/index.js';
import { refusalCodes } from './provider/refusal-codes.js';
import { signInRoute } from './sign-in/route.js';
import { createAccessTokenVerifier } from './tokens/verify-access-token.js';

/**
 * What a node keeps of the database, and for how long (README "Production"):
 * a client is reused this long after it was read, so a client disabled
 * through the admin API is refused by every node within it...
 */
export const CLIENT_CACHE_MS = 2_000;
/**
 * ...and each node looks for rotated signing keys this often, well within
 * KEY_PUBLICATION_SECONDS (@latchkey/db): every node publishes a new key
 * before any signs with it.
 */
export const KEY_REFRESH_INTERVAL_MS = 30_000;

export type AuthServerDeps = {
  /** Raw SQL only: the auth server never loads Prisma (a Db with Prisma will do too). */
  db: SqlDb;
  /** The issuer URL, e.g. https://auth.example.com (no trailing slash). */
  issuer: string;
  secretBox: SecretBox;
  policy?: Policy;
  /** `aud` of access tokens; the issuer by default. */
  audience?: string;
  logger?: Logger;
  clock?: () => Date;
  /** Trust X-Forwarded-* (behind a load balancer) for the client IP and protocol. */
  trustProxy?: boolean;
  /** With trustProxy: how many proxies append to X-Forwarded-For (default 1; runtime's clientAddress). */
  trustedProxyHops?: number;
  /** Where request counts and latencies go (LATCHKEY_METRICS_PORT); none: not measured. */
  metrics?: Metrics;
  /** How often to look for rotated signing keys. */
  keyRefreshIntervalMs?: number;
  /** How long a client read from the database is reused. */
  clientCacheMs?: number;
  bodyLimitBytes?: number;
  /** argon2 jobs at once (default: one per CPU). */
  hashingConcurrency?: number;
};

export type Listening = { url: string; port: number; server: Server; close(): Promise<void> };

export type AuthServer = {
  /** A Node request handler. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  listen(port?: number, host?: string): Promise<Listening>;
  /** Picks up rotated signing keys now instead of at the next poll. */
  reloadKeys(): Promise<boolean>;
  close(): Promise<void>;
};

/** Builds Latchkey's authorization server on a database; nothing listens until `listen`. */
export async function createAuthServer(deps: AuthServerDeps): Promise<AuthServer> {
  const { db, issuer, secretBox } = deps;
  const policy = deps.policy ?? defaultPolicy;
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger ?? silentLogger();
  const audience = deps.audience ?? issuer;
  const clientStore = createClientStore(db);
  const clients = createClientRegistry(clientStore, deps.clientCacheMs ?? CLIENT_CACHE_MS);
  // Retired keys stay published while tokens they signed can still be valid.
  const keyRetentionSeconds = Math.max(policy.accessToken.ttlSeconds, policy.impersonation.accessTokenTtlSeconds) * 2 + 300;

  const store = createOidcPayloadStore(db.sql, clock);
  const facts = createSessionFacts(db);
  let keys: JWK[] = [];
  let publicKeys: JWK[] = [];
  const authDeps: AuthDeps = {
    db,
    store,
    facts,
    loginTokens: createLoginTokenStore(db),
    logins: createLoginStore(db),
    storefrontTokens: createStorefrontTokenStore(db),
    clientStore,
    clients,
    policy,
    audience,
    clock,
    successorKey: secretBox.deriveKey('refresh-successor'),
    dummyPasswordHash: dummyPasswordHash(policy.passwordHash),
    limitHashing: createLimiter(deps.hashingConcurrency ?? availableParallelism()),
    logger,
    secretBox,
    verifyAccessToken: createAccessTokenVerifier({ issuer, audience, publicKeys: () => publicKeys, store, clock }),
  };
  const publicOf = (list: JWK[]) => list.map(({ d: _d, ...rest }) => rest);

  function buildProvider(keys: JWK[]): { provider: Provider; callback: ReturnType<Provider['callback']> } {
    const configuration = providerConfiguration(
      { facts, store, clients, policy, audience, clock, cookieKeys: [secretBox.deriveKey('cookies').toString('base64url')] },
      keys,
    );
    const provider = new Provider(issuer, configuration);
    provider.proxy = deps.trustProxy ?? false;
    provider.use(clientIp(deps.trustProxy ? (deps.trustedProxyHops ?? 1) : 0));
    provider.use(pragmaNoCache);
    compareHashedClientSecrets(provider);
    registerGrants(provider, authDeps);
    provider.use(requestId(deps.trustProxy ?? false));
    provider.use(accessLog(logger));
    if (deps.metrics) provider.use(requestMetrics(deps.metrics));
    for (const door of frontDoors(authDeps, issuer, deps.clientCacheMs ?? 2000)) provider.use(door);
    provider.use(refusalCodes(provider));
    provider.use(validHost);
    provider.use(discoveryOnIssuer(issuer));
    provider.use(notFound);
    provider.use(bodyLimit(deps.bodyLimitBytes ?? 32 * 1024));
    provider.use(health(db));
    provider.use(tokenEndpointErrors);
    provider.use(jwtIntrospection(authDeps.verifyAccessToken));
    provider.use(loginLinkRoute(authDeps, () => provider, policy.loginToken.browserSessionTtlSeconds));
    provider.use(signInRoute(authDeps, () => provider));
    provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'server error'));
    return { provider, callback: provider.callback() };
  }

  await ensureSigningKey(db, secretBox, clock());
  keys = await loadSigningKeys(db.sql, secretBox, clock(), keyRetentionSeconds);
  publicKeys = publicOf(keys);
  let current = buildProvider(keys);
  const kidsOf = (list: JWK[]) => list.map((k) => k.kid).join(',');

  async function reloadKeys(): Promise<boolean> {
    const next = await loadSigningKeys(db.sql, secretBox, clock(), keyRetentionSeconds);
    if (kidsOf(next) === kidsOf(keys)) return false;
    current = buildProvider(next);
    keys = next;
    publicKeys = publicOf(next);
    logger.info({ kids: next.map((k) => k.kid) }, 'signing keys reloaded');
    return true;
  }

  const timer = setInterval(() => {
    reloadKeys().catch((error: unknown) => logger.error({ err: error }, 'signing key reload failed'));
  }, deps.keyRefreshIntervalMs ?? KEY_REFRESH_INTERVAL_MS);
  timer.unref();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void current.callback(req, res);
  };

  return {
    handle,
    reloadKeys,
    async listen(port = 0, host = '127.0.0.1') {
      const { server, close } = drainingServer(handle);
      server.listen(port, host);
      await once(server, 'listening');
      const address = server.address() as AddressInfo;
      return { url: `http://${host}:${address.port}`, port: address.port, server, close: () => close() };
    },
    async close() {
      clearInterval(timer);
    },
  };
}

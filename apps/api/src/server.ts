import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_BATCH_MAX, normalizeIssuer, type Policy, permittedScopes } from '@latchkey/core';
import { type Db, POOL_BUSY_RETRY_AFTER_SECONDS, type SecretBox } from '@latchkey/db';
import { clientAddress, drainingServer, type Metrics, requestIdOf, silentLogger } from '@latchkey/runtime';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { createAccessTokenVerifier } from './access-token.js';
import { type ClientStatus, createClientStatus } from './client-status.js';
import { CONSOLE_PATH, type ConsoleFiles, createConsoleHandler } from './console-files.js';
import type { Context, Identity } from './context.js';
import { domainError } from './errors.js';
import { appRouter } from './root.js';
import { withCurrentRoles } from './staff.js';

export type ApiServerDeps = {
  db: Db;
  policy: Policy;
  secretBox: SecretBox;
  /** The auth server's issuer; its keys are fetched from `${issuer}/jwks`. */
  issuer: string;
  /** The `aud` access tokens must carry; defaults to the issuer. */
  audience?: string;
  logger?: Logger;
  clock?: () => Date;
  /** Keys to verify tokens with, instead of the issuer's remote JWKS. */
  jwks?: JWTVerifyGetKey;
  /** Behind a load balancer: the client IP (for the audit log) from X-Forwarded-For (runtime's clientAddress). */
  trustProxy?: boolean;
  /** With trustProxy: how many proxies append to X-Forwarded-For (default 1). */
  trustedProxyHops?: number;
  /** How long a token's client is known to stand (exist, be active) before it is read again. */
  clientCacheMs?: number;
  /** Where admin calls are counted (LATCHKEY_METRICS_PORT); none: not measured. */
  metrics?: Metrics;
  /** Serve the back-office console at /console/ (same origin as /trpc). */
  console?: ConsoleFiles;
};

export type ApiServer = {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  listen(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
};

const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A token counts only while its client stands: a deleted or disabled
 * client's tokens are nobody (UNAUTHORIZED). Client credentials carry admin
 * scopes only from a confidential client.
 */
async function standingIdentity(clients: ClientStatus, identity: Identity | null): Promise<Identity | null> {
  if (!identity) return null;
  const client = await clients(identity.clientId);
  if (!client) return null;
  if (identity.clientCredentials && client.type !== 'confidential')
    return { ...identity, scopes: permittedScopes(identity.scopes, { kind: 'customer' }) };
  return identity;
}

const urlHost = (address: string): string =>
  address === '::' || address === '0.0.0.0' ? 'localhost' : address.includes(':') ? `[${address}]` : address;

/** The admin API over HTTP: tRPC at /trpc, liveness at / and /healthz, readiness at /readyz, the console at /console/. */
export function createApiServer(deps: ApiServerDeps): ApiServer {
  const logger = deps.logger ?? silentLogger();
  const issuer = normalizeIssuer(deps.issuer);
  // jose's remote set caches the keys and refetches when a token names an unknown kid.
  const keys = deps.jwks ?? createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const clock = deps.clock ?? (() => new Date());
  const identify = createAccessTokenVerifier({ issuer, audience: deps.audience ?? issuer, keys, logger, clock });
  const trustedHops = deps.trustProxy ? (deps.trustedProxyHops ?? 1) : 0;
  const clients = createClientStatus(deps.db, deps.clientCacheMs ?? 2000);

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: ADMIN_BATCH_MAX,
    createContext: async ({ req }): Promise<Context> => {
      // The caller's client and roles are read before any procedure runs, outside its error mapping.
      let identity: Identity | null;
      try {
        identity = await withCurrentRoles(deps.db, await standingIdentity(clients, await identify(req.headers.authorization)));
      } catch (error) {
        throw domainError(error) ?? error;
      }
      return {
        db: deps.db,
        policy: deps.policy,
        secretBox: deps.secretBox,
        clock,
        identity,
        ip: clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedHops) || null,
      };
    },
    responseMeta: ({ errors }) => {
      const headers: Record<string, string> = {};
      if (errors.some((error) => error.code === 'UNAUTHORIZED')) headers['www-authenticate'] = 'Bearer realm="latchkey-admin"';
      if (errors.some((error) => error.code === 'SERVICE_UNAVAILABLE')) headers['retry-after'] = String(POOL_BUSY_RETRY_AFTER_SECONDS);
      return { headers };
    },
    onError: ({ error, path, type, req }) => {
      failures.get(req)?.set(path ?? '', error.code);
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error.cause ?? error, path, type, requestId: requestIds.get(req) }, 'admin api procedure failed');
      }
    },
  });
  // Per request: its id, and the code each failed procedure of a batch answered.
  const requestIds = new WeakMap<IncomingMessage, string>();
  const failures = new WeakMap<IncomingMessage, Map<string, string>>();
  const procedures = new Set(Object.keys(appRouter._def.procedures));
  const countCalls = (req: IncomingMessage, pathname: string, status: number) => {
    const failed = failures.get(req);
    for (const path of pathname.slice('/trpc/'.length).split(',')) {
      const outcome = failed?.get(path) ?? (status < 400 ? 'ok' : 'error');
      deps.metrics?.adminCalls.inc({ procedure: procedures.has(path) ? path : 'other', outcome });
    }
  };

  const consoleFiles = deps.console ? createConsoleHandler(deps.console) : null;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const started = performance.now();
    const requestId = requestIdOf(req.headers['x-request-id'], deps.trustProxy ?? false);
    requestIds.set(req, requestId);
    res.setHeader('x-request-id', requestId);
    const isTrpc = pathname === '/trpc' || pathname.startsWith('/trpc/');
    // The path names the procedures; the query (tRPC's input) and the headers may hold secrets and are not logged.
    res.once('finish', () => {
      const ms = Math.round(performance.now() - started);
      logger.debug({ requestId, method: req.method, path: pathname, status: res.statusCode, ms }, 'request');
      if (isTrpc) countCalls(req, pathname, res.statusCode);
    });
    if (isTrpc) {
      failures.set(req, new Map());
      trpc(req, res);
    } else if (consoleFiles && (pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`))) {
      consoleFiles(req, res, pathname).catch((err: unknown) => {
        logger.error({ err }, 'console file failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
        else res.destroy();
      });
    } else if (pathname === '/' || pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (pathname === '/readyz') {
      deps.db.ping().then(
        () => sendJson(res, 200, { status: 'ok' }),
        (err: unknown) => {
          logger.warn({ err }, 'database not ready');
          sendJson(res, 503, { status: 'unavailable' });
        },
      );
    } else {
      sendJson(res, 404, { error: 'not_found' });
    }
  };

  const listen = (port: number, host?: string) =>
    new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
      // Finishes the requests in flight with Connection: close; idle keep-alive sockets are closed now.
      const { server, close } = drainingServer(handler);
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address() as AddressInfo;
        resolve({ url: `http://${urlHost(address.address)}:${address.port}`, close: () => close() });
      });
    });

  return { handler, listen };
}

// Child process: the framework ceiling. Bare oidc-provider 9 with its own
// in-memory adapter, rotating refresh tokens of a public client and issuing
// ES256 JWT access tokens (resourceIndicators), nothing of Latchkey's.
//
// Its default in-memory storage is an LRU of 1,000 entries, which would
// evict pre-minted tokens; the baseline hands the same MemoryAdapter class an
// LRU as large as the pool. Both come from oidc-provider/lib/..., the only
// internals the bench imports, and only here.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import { childConfig, onRequest, runChild, send } from './ipc.js';

export type OidcProviderConfig = { clientId: string; resource: string; scope: string };
export type MintRequest = { type: 'mint'; count: number };

const DAY = 24 * 3600;

runChild(async () => {
  const config = childConfig<OidcProviderConfig>();
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'bench-es256', alg: 'ES256', use: 'sig' };
  const store = new LRU({ maxSize: 50_000_000 });

  const configuration: Configuration = {
    adapter: (name: string) => new MemoryAdapter(name, store),
    clients: [
      {
        client_id: config.clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['https://rp.example/cb'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] } as Configuration['jwks'],
    cookies: { keys: ['bench-cookie-key-0123456789abcdef'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => config.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: config.scope,
          audience: config.resource,
          accessTokenTTL: 900,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    rotateRefreshToken: true,
    issueRefreshToken: () => true,
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    scopes: ['openid', 'offline_access'],
    ttl: { AccessToken: 900, RefreshToken: 14 * DAY, Grant: 14 * DAY },
  };
  const provider = new Provider('http://127.0.0.1', configuration);
  const client = await provider.Client.find(config.clientId);
  if (!client) throw new Error('static client missing');

  // Pre-minted the way the authorization code grant leaves them: a grant
  // with the resource scope, and a refresh token bound to it and the resource.
  let account = 0;
  onRequest<MintRequest>('mint', async ({ count }) => {
    const tokens: string[] = [];
    const iiat = Math.floor(Date.now() / 1000);
    for (let i = 0; i < count; i++) {
      const accountId = `account-${account++}`;
      const grant = new provider.Grant({ accountId, clientId: config.clientId });
      grant.addResourceScope(config.resource, config.scope);
      const grantId = await grant.save();
      const token = new provider.RefreshToken({
        accountId,
        client,
        grantId,
        scope: config.scope,
        resource: config.resource,
        gty: 'authorization_code',
        iiat,
      });
      tokens.push(await token.save());
    }
    return { type: 'minted', tokens };
  });

  const handle = provider.callback();
  // Koa's handler answers its own errors (ctx.onerror) and never rejects; node:http ignores what it returns.
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  await send({ type: 'ready', port: (server.address() as AddressInfo).port });
});

// What Latchkey relies on in oidc-provider past its documented
// configuration (src/provider/internals/), checked against a bare
// oidc-provider (its in-memory adapter, no Latchkey server): each test fails
// if an upgrade changes the method, payload field, cookie or error text it
// names. The "raw" provider shows oidc-provider's own behaviour; the
// "patched" one has Latchkey's pieces installed on top.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNING_ALG } from '@latchkey/core';
import { hashToken, type RefreshTokenPayload } from '@latchkey/db';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import Provider, { type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareHashedClientSecrets,
  endProviderSession,
  grantRecord,
  jwtIntrospection,
  openProviderSession,
  refreshTokenRecord,
  saveAccessToken,
  saveClientCredentialsToken,
  tokenEndpointErrors,
} from '../src/provider/internals/index.js';
import { GRANT_NOT_ALLOWED } from '../src/provider/internals/token-endpoint-errors.js';
import { basicAuth, postForm } from '../src/testing.js';
import type { AccessTokenVerifier } from '../src/tokens/verify-access-token.js';

const AUDIENCE = 'https://api.example.test';
const SECRET = 'lks_internals-secret-0123456789abcdefghij';
const MINT = 'urn:latchkey:test:mint';
const A_JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const PAST = new Date('2030-01-01T00:00:00Z');

type Running = { provider: Provider; url: string; server: Server };

async function start(configure: (provider: Provider) => void): Promise<Running> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: SIGNING_ALG, use: 'sig' };
  const configuration: Configuration = {
    clients: [
      {
        client_id: 'confidential',
        // As Latchkey stores it: the secret's sha256 (provider/clients.ts).
        client_secret: hashToken(SECRET),
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials', MINT],
        response_types: [],
        redirect_uris: [],
      },
    ],
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG },
    // As provider/configuration.ts does: a token minted with `extra` keeps it (oidc-provider sets extra from this hook).
    extraTokenClaims: (_ctx, token) => (token as { extra?: Record<string, unknown> }).extra,
    jwks: { keys: [jwk] } as Configuration['jwks'],
    cookies: { keys: ['internals-test-cookie-key'], long: { httpOnly: true, sameSite: 'lax', signed: true } },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: () => true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: SIGNING_ALG } } }),
      },
    },
  };
  const provider = new Provider('http://127.0.0.1', configuration);
  configure(provider);
  const callback = provider.callback();
  const server = createServer((req, res) => {
    void callback(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { provider, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const clientCredentials = (url: string, authorization: string) =>
  postForm(`${url}/token`, { grant_type: 'client_credentials' }, { authorization });

/** The raw provider compares secrets as they are: presenting the stored hash authenticates there. */
const RAW_AUTH = { authorization: basicAuth('confidential', hashToken(SECRET)) };

let raw: Running;
let patched: Running;
/** What oidc-provider's context held when its introspection route answered (the hook reads these). */
let seenAtIntrospection: Record<string, unknown> | undefined;

beforeAll(async () => {
  raw = await start((provider) => {
    provider.registerGrantType(MINT, async () => {}, []);
    provider.use(async (ctx, next) => {
      await next();
      const { oidc } = ctx as unknown as KoaContextWithOIDC;
      if (oidc?.route === 'introspection') {
        seenAtIntrospection = { status: ctx.status, body: ctx.body, client: oidc.client?.clientId, token: oidc.params?.token };
      }
    });
  });
  patched = await start((provider) => {
    compareHashedClientSecrets(provider);
    provider.use(tokenEndpointErrors);
    const verify = async (token: string) => {
      if (token !== A_JWT) throw new Error('not verified');
      return { sub: 'someone', client_id: 'confidential', sub_type: 'customer' };
    };
    // Only the call signature is used by the hook.
    provider.use(jwtIntrospection(verify as unknown as AccessTokenVerifier));
    provider.registerGrantType(
      MINT,
      async (ctx) => {
        const at = await saveAccessToken(ctx, {
          accountId: 'account-1',
          grantId: 'grant-1',
          gty: 'minted',
          scope: 'api',
          extra: { sub_type: 'customer', sid: 'grant-1' },
          ttl: 120,
          audience: AUDIENCE,
          now: PAST,
        });
        const cc = await saveClientCredentialsToken(ctx, { scope: 'api', ttl: 60, audience: AUDIENCE, now: PAST });
        ctx.body = { at, cc };
      },
      [],
    );
    provider.use(async (ctx, next) => {
      if (ctx.path === '/test/open') {
        ctx.body = { uid: await openProviderSession(provider, ctx, { accountId: 'account-1', loginTs: 1, amr: ['pwd'], ttlSeconds: 600 }) };
      } else if (ctx.path === '/test/who') {
        const session = await provider.Session.get(ctx);
        ctx.body = { accountId: session.accountId ?? null, amr: session.amr ?? null };
      } else if (ctx.path === '/test/end') {
        ctx.body = { uid: await endProviderSession(provider, ctx, String(ctx.query.account)) };
      } else return next();
    });
  });
});

afterAll(() => {
  raw?.server.close();
  patched?.server.close();
});

describe('client authentication against stored hashes (client-auth.ts)', () => {
  it('compareClientSecret is the Client method oidc-provider authenticates secrets with', async () => {
    expect(typeof (raw.provider.Client.prototype as unknown as Record<string, unknown>).compareClientSecret).toBe('function');
    // Unpatched, the secret is compared with the stored hash as it is: the secret fails, the hash would pass.
    const { status, body } = await clientCredentials(raw.url, basicAuth('confidential', SECRET));
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect((await clientCredentials(raw.url, RAW_AUTH.authorization)).status).toBe(200);
  });

  it('patched, the presented secret is hashed and matched; a wrong one still fails', async () => {
    expect((await clientCredentials(patched.url, basicAuth('confidential', SECRET))).status).toBe(200);
    const wrong = await clientCredentials(patched.url, basicAuth('confidential', `${SECRET}x`));
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_client']);
  });
});

describe('token endpoint errors (token-endpoint-errors.ts)', () => {
  it('oidc-provider says invalid_request, with this exact description, for a grant type the client lacks', async () => {
    const { status, body } = await postForm(`${raw.url}/token`, { grant_type: 'refresh_token', refresh_token: 'x' }, RAW_AUTH);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_request', error_description: GRANT_NOT_ALLOWED });
  });

  it('Latchkey answers it unauthorized_client (RFC 6749 §5.2)', async () => {
    const { status, body } = await postForm(
      `${patched.url}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: basicAuth('confidential', SECRET) },
    );
    expect(status).toBe(400);
    expect(body.error).toBe('unauthorized_client');
  });

  it('oidc-provider challenges Basic only; Latchkey challenges every 401', async () => {
    const form = { grant_type: 'client_credentials', client_id: 'confidential', client_secret: 'wrong' };
    const own = await postForm(`${raw.url}/token`, form);
    expect([own.status, own.headers.get('www-authenticate')]).toEqual([401, null]);
    const ours = await postForm(`${patched.url}/token`, form);
    expect([ours.status, ours.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="http://127.0.0.1"']);
  });
});

describe('JWT introspection (jwt-introspection.ts)', () => {
  it('oidc-provider refuses a structured token after authenticating the client, with the request parsed', async () => {
    seenAtIntrospection = undefined;
    const { status, body } = await postForm(`${raw.url}/token/introspection`, { token: A_JWT }, RAW_AUTH);
    expect(status).toBe(400);
    expect(body.error).toBe('unsupported_token_type');
    expect(seenAtIntrospection).toMatchObject({ status: 400, client: 'confidential', token: A_JWT });
  });

  it('the hook turns unsupported_token_type into the verified claims, and an unverified JWT into active: false', async () => {
    const auth = { authorization: basicAuth('confidential', SECRET) };
    const active = await postForm(`${patched.url}/token/introspection`, { token: A_JWT }, auth);
    expect(active.status).toBe(200);
    expect(active.headers.get('cache-control')).toBe('no-store');
    expect(active.body).toEqual({ sub: 'someone', client_id: 'confidential', sub_type: 'customer', active: true, token_type: 'Bearer' });
    const other = await postForm(`${patched.url}/token/introspection`, { token: `${A_JWT}x` }, auth);
    expect([other.status, other.body]).toEqual([200, { active: false }]);
  });
});

describe('Grant and RefreshToken payloads (payloads.ts)', () => {
  it('a Grant written by Latchkey is what the Grant model reads', async () => {
    const record = grantRecord({
      clientId: 'confidential',
      accountId: 'account-1',
      audience: AUDIENCE,
      scope: 'api',
      ttl: 600,
      now: new Date(),
    });
    expect(raw.provider.Grant.IN_PAYLOAD).toEqual(expect.arrayContaining(Object.keys(record.payload)));
    await raw.provider.Grant.adapter.upsert(record.id, record.payload, record.expiresInSeconds);
    const grant = await raw.provider.Grant.find(record.id);
    expect(grant).toBeDefined();
    expect([grant!.accountId, grant!.clientId, grant!.getResourceScope(AUDIENCE)]).toEqual(['account-1', 'confidential', 'api']);
  });

  it("a RefreshToken written by Latchkey is what the RefreshToken model and oidc-provider's introspection read", async () => {
    const now = new Date();
    const grant = grantRecord({ clientId: 'confidential', accountId: 'account-1', audience: AUDIENCE, scope: 'api', ttl: 600, now });
    const refresh = refreshTokenRecord({
      clientId: 'confidential',
      accountId: 'account-1',
      subject: { subject: 'customer', customerId: 'account-1', companyUserId: null },
      grantId: grant.id,
      gty: 'password',
      scope: 'api',
      sessionStartedAt: new Date(now.getTime() - 60_000),
      rotations: 2,
      expiresAt: new Date(now.getTime() + 300_000),
      now,
    })!;
    // Every field but Latchkey's own `session` is one oidc-provider's model stores.
    const { session: _ours, ...theirs } = refresh.payload;
    expect(raw.provider.RefreshToken.IN_PAYLOAD).toEqual(expect.arrayContaining(Object.keys(theirs)));
    await raw.provider.Grant.adapter.upsert(grant.id, grant.payload, grant.expiresInSeconds);
    await raw.provider.RefreshToken.adapter.upsert(refresh.value, refresh.payload as AdapterPayload, refresh.ttl);
    const found = await raw.provider.RefreshToken.find(refresh.value);
    expect(found).toMatchObject({
      clientId: 'confidential',
      accountId: 'account-1',
      grantId: grant.id,
      gty: 'password',
      scope: 'api',
      rotations: 2,
      iiat: refresh.payload.iiat,
    } satisfies Partial<RefreshTokenPayload>);
    expect(found!.isValid).toBe(true);
    const { body } = await postForm(`${raw.url}/token/introspection`, { token: refresh.value }, RAW_AUTH);
    expect(body).toMatchObject({
      active: true,
      client_id: 'confidential',
      sub: 'account-1',
      scope: 'api',
      iat: refresh.payload.iat,
      exp: refresh.payload.exp,
    });
  });
});

describe('access tokens minted outside oidc-provider grants (access-tokens.ts)', () => {
  it("are JWTs for the resource server set on them, on Latchkey's clock, with the claims given", async () => {
    const { status, body } = await postForm(
      `${patched.url}/token`,
      { grant_type: MINT },
      { authorization: basicAuth('confidential', SECRET) },
    );
    expect(status).toBe(200);
    const at = decodeJwt(String(body.at));
    const iat = Math.floor(PAST.getTime() / 1000);
    expect(at).toMatchObject({ aud: AUDIENCE, iat, exp: iat + 120, sub: 'account-1', client_id: 'confidential', scope: 'api' });
    expect(at).toMatchObject({ sub_type: 'customer', sid: 'grant-1' });
    expect(typeof at.jti).toBe('string');
    const cc = decodeJwt(String(body.cc));
    expect(cc).toMatchObject({ aud: AUDIENCE, iat, exp: iat + 60, client_id: 'confidential', scope: 'api', sub_type: 'client' });
  });
});

describe("oidc-provider's browser session (browser-session.ts)", () => {
  const cookiesOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0]!)
      .join('; ');

  it('is opened with its signed cookie, read back by oidc-provider, and ended for its account only', async () => {
    const opened = await fetch(`${patched.url}/test/open`);
    const names = opened.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
    expect(names).toEqual([patched.provider.cookieName('session'), `${patched.provider.cookieName('session')}.sig`]);
    expect(patched.provider.cookieName('session')).toBe('_session');
    const { uid } = (await opened.json()) as { uid: string };
    expect(typeof uid).toBe('string');
    const cookie = cookiesOf(opened);
    const who = async () => (await (await fetch(`${patched.url}/test/who`, { headers: { cookie } })).json()) as Record<string, unknown>;
    expect(await who()).toEqual({ accountId: 'account-1', amr: ['pwd'] });

    const someoneElse = await fetch(`${patched.url}/test/end?account=account-2`, { headers: { cookie } });
    expect(await someoneElse.json()).toEqual({ uid: null });
    expect(await who()).toEqual({ accountId: 'account-1', amr: ['pwd'] });
    const ended = await fetch(`${patched.url}/test/end?account=account-1`, { headers: { cookie } });
    expect(await ended.json()).toEqual({ uid });
    expect(cookiesOf(ended)).toContain('_session=;');
    expect(await who()).toEqual({ accountId: null, amr: null });
  });
});

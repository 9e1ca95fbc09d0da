import { describe, expect, it } from 'vitest';
import { createClient, requestWithHost } from '../src/testing.js';
import { useAuthServer } from './setup.js';

const t = useAuthServer({}, async (db) => {
  await createClient(db, { corsOrigins: ['https://shop.example.com'] });
});
const url = (path: string) => `${t.server.url}${path}`;

const expectOAuthError = (
  res: { status: number; headers: Headers; body: Record<string, unknown> },
  status: number,
  error: string,
  code: string,
) => {
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
  expect(res.body.latchkey_code).toBe(code);
  expect(typeof res.body.error_description).toBe('string');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
};

describe('discovery and keys', () => {
  it('lists every grant type Latchkey answers', async () => {
    const discovery = await fetch(url('/.well-known/openid-configuration')).then((r) => r.json());
    expect(discovery.issuer).toBe(t.server.issuer);
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['password', 'refresh_token', 'client_credentials', 'authorization_code']),
    );
    expect(discovery.token_endpoint).toBe(`${t.server.issuer}/token`);
    expect(discovery.introspection_endpoint).toBe(`${t.server.issuer}/token/introspection`);
    expect(discovery.revocation_endpoint).toBe(`${t.server.issuer}/token/revocation`);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('publishes ES256 public keys only', async () => {
    const { keys } = await fetch(url('/jwks')).then((r) => r.json());
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });
});

describe('other methods and paths', () => {
  it('answers 405 with Allow on the POST-only endpoints and a JSON 404 elsewhere, never cached', async () => {
    for (const path of ['/token', '/token/introspection', '/token/revocation']) {
      const res = await fetch(url(path));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: `${path} accepts POST only`,
        latchkey_code: 'method_not_allowed',
      });
    }
    const missing = await fetch(url('/nothing-here'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'not_found',
      error_description: 'no such endpoint',
      latchkey_code: 'endpoint_not_found',
    });
  });
});

describe('the Host header', () => {
  // oidc-provider builds URLs on the request's; `new URL` threw on these and made a 500.
  it.each(['a b', 'x:99999', '['])('refuses Host %j with 400 invalid_request on every endpoint', async (host) => {
    for (const [path, form] of [
      ['/.well-known/openid-configuration'],
      ['/jwks'],
      ['/token', { grant_type: 'client_credentials' }],
      ['/auth?client_id=storefront'],
    ] as const) {
      const res = await requestWithHost(url(path), host, form ? { form } : {});
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 400,
        body: { error: 'invalid_request', error_description: 'the Host header is not a valid host', latchkey_code: 'host_invalid' },
      });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('still answers discovery for a valid Host', async () => {
    expect((await requestWithHost(url('/.well-known/openid-configuration'), 'localhost:1234')).status).toBe(200);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await fetch(url('/healthz')).then((r) => r.json())).toEqual({ status: 'ok' });
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });
});

describe('CORS', () => {
  const password = { grant_type: 'password', client_id: 'storefront', username: 'nobody@example.com', password: 'x' };

  it('answers a preflight for the token endpoint', async () => {
    const res = await fetch(url('/token'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('lets a registered origin read the answer and refuses another', async () => {
    const allowed = await t.token(password, { origin: 'https://shop.example.com' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const refused = await t.token(password, { origin: 'https://evil.example.com' });
    expectOAuthError(refused, 400, 'invalid_request', 'request_invalid');
    expect(refused.body.error_description).toBe('origin https://evil.example.com not allowed for client: storefront');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('malformed requests', () => {
  const post = async (body: BodyInit, headers: Record<string, string>) => {
    const res = await fetch(url('/token'), { method: 'POST', body, headers });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  it('refuses a body over the limit with 413', async () => {
    const res = await post(`grant_type=password&password=${'a'.repeat(40 * 1024)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: 'invalid_request',
      error_description: 'request body exceeds 32768 bytes',
      latchkey_code: 'request_too_large',
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers JSON, multipart, duplicates, junk bytes and unknown grants with RFC 6749 errors', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expectOAuthError(
      await post('{"grant_type":"password"}', { 'content-type': 'application/json' }),
      400,
      'invalid_request',
      'request_invalid',
    );
    const multipart = new FormData();
    multipart.set('grant_type', 'password');
    expectOAuthError(await post(multipart, {}), 400, 'invalid_request', 'request_invalid');
    expectOAuthError(
      await post('grant_type=password&grant_type=refresh_token&client_id=storefront', form),
      400,
      'invalid_request',
      'request_invalid',
    );
    expectOAuthError(
      await post('grant_type=password&client_id=storefront&username=a&username=b&password=x', form),
      400,
      'invalid_request',
      'request_invalid',
    );
    expectOAuthError(
      await post(Buffer.from([0x67, 0x72, 0x61, 0x6e, 0x74, 0x5f, 0x74, 0x79, 0x70, 0x65, 0x3d, 0xff, 0xfe, 0x80]), form),
      400,
      'invalid_request',
      'request_invalid',
    );
    expectOAuthError(await post('grant_type=urn:nope&client_id=storefront', form), 400, 'unsupported_grant_type', 'grant_type_unsupported');
    expectOAuthError(await post('client_id=storefront', form), 400, 'invalid_request', 'request_invalid');
    expectOAuthError(await post('grant_type=password&client_id=%00%ff', form), 401, 'invalid_client', 'client_auth_failed');
    expectOAuthError(
      await post('grant_type=password&client_id=storefront', { ...form, accept: 'text/html' }),
      400,
      'invalid_request',
      'parameter_missing',
    );
    expectOAuthError(
      await post('grant_type=password&client_id=storefront&username=a%00b&password=x', form),
      400,
      'invalid_grant',
      'invalid_credentials',
    );
  });
});

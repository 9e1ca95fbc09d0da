import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestStack, type TestStack } from '../src/testing.js';

// LATCHKEY_METRICS_PORT on the stack `npm start` runs: a few logins, refusals and admin
// calls, then what Prometheus would scrape.

let stack: TestStack;
let issuer = '';
let apiUrl = '';
let metricsUrl = '';
const secrets: string[] = ['change123', 'wrong-password-1'];
const form = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const password = (username: string, secret: string, clientId = 'storefront') =>
  form({ grant_type: 'password', client_id: clientId, username, password: secret });

beforeAll(async () => {
  const metricsPort = await freePort();
  stack = await startTestStack({
    database: 'test',
    policy: { lockout: { account: { maxFailures: 2 } }, refreshToken: { reuseGraceSeconds: 0 } },
    env: { LATCHKEY_METRICS_PORT: String(metricsPort) },
  });
  issuer = stack.issuer;
  apiUrl = stack.started.running.apiUrl;
  metricsUrl = stack.started.running.metricsUrl ?? '';
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /metrics on LATCHKEY_METRICS_PORT', () => {
  it('counts token requests, lockouts, refresh reuse, login-link refusals and admin calls, with no secret in a label', async () => {
    const login = (await (await password('sonia@example.com', 'change123')).json()) as { access_token: string; refresh_token: string };
    secrets.push(login.access_token, login.refresh_token);
    await (await form({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: login.refresh_token })).text();
    await (await form({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: login.refresh_token })).text();
    for (let i = 0; i < 3; i++) await (await password('karl@example.com', 'wrong-password-1')).text();
    await (await password('sonia@example.com', 'change123', `evil-${login.access_token.slice(0, 20)}`)).text();
    await (await form({ grant_type: `urn:${login.refresh_token}`, client_id: 'storefront' })).text();
    await (await fetch(`${issuer}/login/token/lkl_not-a-real-token`, { redirect: 'manual' })).text();

    const demo = stack.admin;
    secrets.push(demo.clientSecret);
    const basic = `Basic ${Buffer.from(`${demo.clientId}:${demo.clientSecret}`).toString('base64')}`;
    const admin = (await (await form({ grant_type: 'client_credentials' }, { authorization: basic })).json()) as { access_token: string };
    secrets.push(admin.access_token);
    await (await fetch(`${apiUrl}/trpc/customers.list`, { headers: { authorization: `Bearer ${admin.access_token}` } })).text();
    await (await fetch(`${apiUrl}/trpc/customers.list`)).text();
    await (await fetch(`${apiUrl}/trpc/no.such.procedure`, { headers: { authorization: `Bearer ${admin.access_token}` } })).text();

    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const series = [
      'latchkey_token_requests_total{grant="password",client="storefront",outcome="ok"} 1',
      'latchkey_token_requests_total{grant="password",client="storefront",outcome="invalid_credentials"} 2',
      'latchkey_token_requests_total{grant="password",client="storefront",outcome="account_locked"} 1',
      'latchkey_token_requests_total{grant="refresh_token",client="storefront",outcome="ok"} 1',
      'latchkey_token_requests_total{grant="refresh_token",client="storefront",outcome="refresh_reuse_detected"} 1',
      'latchkey_token_requests_total{grant="password",client="other",outcome="client_auth_failed"} 1',
      'latchkey_lockout_refusals_total{rule="account"} 1',
      'latchkey_refresh_reuse_detections_total 1',
      'latchkey_login_link_refusals_total{reason="login_token_invalid"} 1',
      'latchkey_admin_calls_total{procedure="customers.list",outcome="ok"} 1',
      'latchkey_admin_calls_total{procedure="customers.list",outcome="UNAUTHORIZED"} 1',
      'latchkey_admin_calls_total{procedure="other",outcome="NOT_FOUND"} 1',
    ];
    for (const line of series) expect(text).toContain(line);
    for (const name of [
      'latchkey_token_request_duration_seconds_bucket{le="0.1",grant="password"}',
      'latchkey_nodejs_eventloop_lag_seconds ',
      'latchkey_process_resident_memory_bytes ',
      'latchkey_front_door_requests_total',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/^latchkey_token_requests_total\{grant="other",client="storefront",outcome="[a-z_]+"\} 1$/m);
    const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const secret of secrets) expect(labelValues.filter((value) => value.includes(secret.slice(0, 16)))).toEqual([]);
    expect(labelValues.filter((value) => /^(eyJ|lkl_|lks_|lkr_)/.test(value))).toEqual([]);
  });

  it('is not served on the public listeners', async () => {
    expect((await fetch(`${issuer}/metrics`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(404);
  });
});

describe('X-Request-Id', () => {
  it('is answered by both servers, new for each request when no trusted proxy sent one', async () => {
    const a = await fetch(`${issuer}/.well-known/openid-configuration`, { headers: { 'x-request-id': 'forged-by-a-client' } });
    const b = await fetch(`${apiUrl}/healthz`, { headers: { 'x-request-id': 'forged-by-a-client' } });
    for (const res of [a, b]) {
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });
});

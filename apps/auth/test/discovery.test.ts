import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/testing.js';
import { useAuthServer } from './setup.js';

// Discovery is built from the issuer alone: a Host or X-Forwarded-Host of the
// caller's choosing must not move an endpoint (a cache in front would keep it).
const t = useAuthServer({ trustProxy: true }, async (db) => {
  await createClient(db);
});

async function discovery(headers: Record<string, string>) {
  const req = request(`${t.server.url}/.well-known/openid-configuration`, { headers });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
}

const urlsIn = (body: Record<string, unknown>) =>
  Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^https?:/.test(entry[1]));

describe('discovery', () => {
  it.each<Record<string, string>>([
    { host: 'evil.example' },
    { host: '127.0.0.1', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
  ])('names every endpoint on the issuer whatever the request says (%j)', async (headers) => {
    const { status, headers: answer, body } = await discovery(headers);
    expect(status).toBe(200);
    expect(answer['cache-control']).toBe('public, max-age=300');
    const urls = urlsIn(body);
    expect(urls.map(([key]) => key)).toEqual(expect.arrayContaining(['issuer', 'jwks_uri', 'token_endpoint', 'authorization_endpoint']));
    for (const [key, value] of urls)
      expect([key, value.startsWith(`${t.server.issuer}/`) || value === t.server.issuer]).toEqual([key, true]);
    expect(body.jwks_uri).toBe(`${t.server.issuer}/jwks`);
  });
});

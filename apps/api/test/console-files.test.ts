import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHandler } from '../src/console-files.js';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'latchkey-console-files-'));
  await mkdir(path.join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(dir, 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the web');
  const handle = createConsoleHandler({ dir: path.join(dir, 'dist'), config: { issuer: 'http://auth.test', clientId: 'console' } });
  server = createServer((req, res) => void handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

const rawGet = (rawPath: string) =>
  new Promise<string>((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the console files', () => {
  it('answer the page for every route of the app, never cached, with a CSP naming the auth server', async () => {
    for (const route of ['/console/', '/console/login-tokens', '/console/callback']) {
      const res = await fetch(`${base}${route}?code=x`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' http://auth.test");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('answer hashed assets as immutable, and a missing one as 404 rather than the page', async () => {
    const asset = await fetch(`${base}/console/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/console/assets/index-old.js`)).status).toBe(404);
  });

  it('answer the configuration the page signs in with', async () => {
    const res = await fetch(`${base}/console/config.json`);
    expect(await res.json()).toEqual({ issuer: 'http://auth.test', clientId: 'console' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serve nothing outside the folder, redirect /console to /console/, and take only GET and HEAD', async () => {
    // Raw paths: fetch would resolve the dots before sending.
    for (const raw of ['/console/../secret.txt', '/console/%2e%2e%2fsecret.txt', '/console/..%2f..%2fdist/../secret.txt']) {
      const body = await rawGet(raw);
      expect(body).not.toContain('not for the web');
      expect(body).toContain('<title>console</title>');
    }
    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/console/']);
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
  });
});

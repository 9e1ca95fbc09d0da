import { describe, expect, it } from 'vitest';
import { type RedirectTargets, resolveLoginRedirect } from '../src/index.js';

const targets: RedirectTargets = {
  baseUrl: 'https://shop.example.com',
  allowList: ['https://punchout.example.net/oci', 'https://partner.example.org'],
  landingUrl: 'https://shop.example.com/account',
};

describe('resolveLoginRedirect', () => {
  it('resolves a relative path against the base URL', () => {
    expect(resolveLoginRedirect('/cart?x=1#top', targets)).toBe('https://shop.example.com/cart?x=1#top');
  });

  it('normalises the path, so no SPA router reads a host in it', () => {
    expect(resolveLoginRedirect('/.//evil.com', targets)).toBe('https://shop.example.com/evil.com');
    expect(resolveLoginRedirect('/a//b///c', targets)).toBe('https://shop.example.com/a/b/c');
    expect(resolveLoginRedirect('/%2F%2Fevil.com', targets)).toBe('https://shop.example.com/evil.com');
    expect(resolveLoginRedirect('/.%2F/evil.com', targets)).toBe('https://shop.example.com/evil.com');
    expect(resolveLoginRedirect('https://punchout.example.net/oci//evil.com', targets)).toBe('https://punchout.example.net/oci/evil.com');
    for (const target of ['/.//evil.com', '/%2F%2Fevil.com', '/%5C%5Cevil.com']) {
      const resolved = resolveLoginRedirect(target, targets)!;
      expect(new URL(resolved).pathname).not.toMatch(/^\/(?:\/|%2f|%5c)/i);
    }
  });

  it('refuses a path whose percent-encoding does not decode, falling back', () => {
    expect(resolveLoginRedirect('/%E0%A4%A', targets)).toBe(targets.landingUrl);
  });

  it('falls back to the landing URL when nothing is asked', () => {
    expect(resolveLoginRedirect(undefined, targets)).toBe('https://shop.example.com/account');
    expect(resolveLoginRedirect('', targets)).toBe('https://shop.example.com/account');
  });

  it('allows absolute URLs only under an allow-listed origin and path', () => {
    expect(resolveLoginRedirect('https://punchout.example.net/oci/return', targets)).toBe('https://punchout.example.net/oci/return');
    expect(resolveLoginRedirect('https://punchout.example.net/oci', targets)).toBe('https://punchout.example.net/oci');
    expect(resolveLoginRedirect('https://partner.example.org/anything', targets)).toBe('https://partner.example.org/anything');
    expect(resolveLoginRedirect('https://punchout.example.net/ocily', targets)).toBe(targets.landingUrl);
    expect(resolveLoginRedirect('https://punchout.example.net/other', targets)).toBe(targets.landingUrl);
  });

  it.each([
    'https://evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '/%0a/evil',
    'javascript:alert(1)',
    'https://user:pw@partner.example.org/',
    'not a url',
    '/ok\u0000',
  ])('never redirects to %s', (target) => {
    const resolved = resolveLoginRedirect(target, targets);
    expect(resolved === targets.landingUrl || resolved?.startsWith('https://shop.example.com/')).toBe(true);
  });

  it('falls back to the base URL root without a landing URL, to null without either', () => {
    expect(resolveLoginRedirect('https://evil.example', { ...targets, landingUrl: null })).toBe('https://shop.example.com/');
    expect(resolveLoginRedirect('/cart', { baseUrl: null, allowList: [], landingUrl: null })).toBeNull();
  });

  it('falls back when the base URL itself is unusable', () => {
    expect(resolveLoginRedirect('/cart', { ...targets, baseUrl: 'not a url' })).toBe(targets.landingUrl);
    expect(resolveLoginRedirect('/cart', { baseUrl: 'not a url', allowList: [], landingUrl: null })).toBeNull();
  });
});

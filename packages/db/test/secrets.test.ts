import { describe, expect, it } from 'vitest';
import { createSecretBox, hashToken, randomToken, tokenMatches } from '../src/index.js';

const secret = 'a'.repeat(32);

describe('secret box', () => {
  it('round-trips and never returns the plaintext sealed', () => {
    const box = createSecretBox(secret);
    const sealed = box.seal('login-link-secret');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('login-link-secret');
    expect(box.seal('login-link-secret')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('login-link-secret');
  });

  it('refuses a tampered value, another key, and a short secret', () => {
    const box = createSecretBox(secret);
    const sealed = box.seal('x');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox('b'.repeat(32)).open(sealed)).toThrow();
    expect(() => box.open('v0.x.y')).toThrow(/unreadable/);
    expect(() => createSecretBox('short')).toThrow(/32/);
  });

  it('derives distinct keys per purpose', () => {
    const box = createSecretBox(secret);
    expect(box.deriveKey('a').equals(box.deriveKey('b'))).toBe(false);
    expect(box.deriveKey('a').equals(createSecretBox(secret).deriveKey('a'))).toBe(true);
  });
});

describe('opaque tokens', () => {
  it('are random, prefixed and checked against their hash', () => {
    const token = randomToken('lkl_');
    expect(token).toMatch(/^lkl_[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(`${token}x`, hashToken(token))).toBe(false);
    expect(tokenMatches(token, 'short')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultPolicy, needsRehash } from '../src/index.js';

const params = defaultPolicy.passwordHash;
const hash = (m: number, t: number, p: number, v = 19) => `$argon2id$v=${v}$m=${m},t=${t},p=${p}$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA`;

describe('needsRehash', () => {
  it('keeps a hash made with the policy parameters', () => {
    expect(needsRehash(hash(19456, 2, 1), params)).toBe(false);
  });

  it('flags each differing parameter', () => {
    expect(needsRehash(hash(4096, 2, 1), params)).toBe(true);
    expect(needsRehash(hash(19456, 3, 1), params)).toBe(true);
    expect(needsRehash(hash(19456, 2, 2), params)).toBe(true);
    expect(needsRehash(hash(19456, 2, 1, 16), params)).toBe(true);
  });

  it('flags other algorithms and garbage', () => {
    expect(needsRehash('$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', params)).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuu', params)).toBe(true);
    expect(needsRehash('', params)).toBe(true);
  });
});

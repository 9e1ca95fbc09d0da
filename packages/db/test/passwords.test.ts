import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../src/index.js';

const params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

describe('passwords', () => {
  it('hashes with argon2id at the given parameters and verifies', async () => {
    const stored = await hashPassword('change123', params);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'change123')).toBe(true);
    expect(await verifyPassword(stored, 'change124')).toBe(false);
  });

  it('treats an unreadable hash as a mismatch', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });

  it('makes dummy hashes that verify nothing', async () => {
    const dummy = await dummyPasswordHash(params);
    expect(dummy).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(dummy, '')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';

// The wiring rule: no module reads the environment, opens a database or
// builds a provider when it is imported; only each app's main.ts does.
describe('importing Latchkey', () => {
  it('reads no Latchkey setting from the environment', async () => {
    const read: string[] = [];
    const real = process.env;
    process.env = new Proxy(real, {
      get(target, key) {
        if (typeof key === 'string') read.push(key);
        return Reflect.get(target, key);
      },
    });
    try {
      await import('@latchkey/core');
      await import('@latchkey/db');
      await import('@latchkey/auth');
      await import('@latchkey/api');
      await import('../src/index.js');
    } finally {
      process.env = real;
    }
    expect(read.filter((key) => key.startsWith('LATCHKEY') || key === 'DATABASE_URL' || key === 'LOG_LEVEL')).toEqual([]);
  });
});

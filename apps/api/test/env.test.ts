import { parseEnv } from '@latchkey/runtime';
import { describe, expect, it } from 'vitest';
import { apiEnvSchema } from '../src/env.js';

const parseApiEnv = (env: Record<string, string | undefined>) => parseEnv(apiEnvSchema, env);

describe('api environment', () => {
  it('has defaults for everything but the secret key', () => {
    const parsed = parseApiEnv({ LATCHKEY_SECRET_KEY: 'k'.repeat(32) });
    expect(parsed).toMatchObject({
      ok: true,
      env: { LATCHKEY_API_PORT: 4001, LATCHKEY_ISSUER: 'http://localhost:4000', LOG_LEVEL: 'info' },
    });
  });

  it('lists every problem at once, without echoing the secret', () => {
    const parsed = parseApiEnv({
      LATCHKEY_SECRET_KEY: 'short-secret',
      LATCHKEY_API_PORT: 'eighty',
      LATCHKEY_ISSUER: 'ftp://x',
      DATABASE_URL: 'mysql://db',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'LATCHKEY_API_PORT',
      'LATCHKEY_ISSUER',
      'LATCHKEY_SECRET_KEY',
    ]);
    expect(parsed.problems.join('\n')).not.toContain('short-secret');
  });
});

import { describe, expect, it } from 'vitest';
import { parsePolicy, storefrontTokenWindow } from '../src/index.js';

const rules = parsePolicy({ storefrontToken: { ttlSeconds: 86_400, maxTtlSeconds: 7 * 86_400 } }).storefrontToken;
const now = new Date('2026-12-02T10:00:00Z');
const s = Math.floor(now.getTime() / 1000);
const at = (seconds: number) => new Date(seconds * 1000);

describe('storefrontTokenWindow', () => {
  it('lives a day from now without beginAt and endAt, a day from beginAt with only beginAt', () => {
    expect(storefrontTokenWindow({}, now, rules)).toEqual({ ok: true, value: { notBefore: now, expiresAt: at(s + 86_400) } });
    expect(storefrontTokenWindow({ beginAt: s + 3600 }, now, rules)).toEqual({
      ok: true,
      value: { notBefore: at(s + 3600), expiresAt: at(s + 3600 + 86_400) },
    });
  });

  it('takes beginAt and endAt as nbf and exp, and cuts an endAt past the cap back to it', () => {
    expect(storefrontTokenWindow({ beginAt: s - 60, endAt: s + 600 }, now, rules)).toEqual({
      ok: true,
      value: { notBefore: at(s - 60), expiresAt: at(s + 600) },
    });
    expect(storefrontTokenWindow({ endAt: s + 30 * 86_400 }, now, rules)).toMatchObject({
      ok: true,
      value: { expiresAt: at(s + 7 * 86_400) },
    });
  });

  it('refuses endAt at or before beginAt, endAt in the past and a beginAt beyond the cap', () => {
    const refused = (reason: string) => ({ ok: false, code: 'storefront_token_window_invalid', reason });
    expect(storefrontTokenWindow({ beginAt: s + 10, endAt: s + 10 }, now, rules)).toEqual(refused('endAt must be after beginAt'));
    expect(storefrontTokenWindow({ beginAt: s - 100, endAt: s - 10 }, now, rules)).toEqual(refused('endAt must be in the future'));
    expect(storefrontTokenWindow({ endAt: s }, now, rules)).toEqual(refused('endAt must be after beginAt'));
    expect(storefrontTokenWindow({ beginAt: s + 8 * 86_400 }, now, rules)).toEqual(
      refused('beginAt is later than the longest lifetime policy allows'),
    );
  });

  it('is a policy whose default lifetime may not exceed its cap', () => {
    expect(() => parsePolicy({ storefrontToken: { ttlSeconds: 10, maxTtlSeconds: 5 } })).toThrow(/storefrontToken.ttlSeconds/);
  });
});

import { describe, expect, it } from 'vitest';
import { requestIdOf } from '../src/request-id.js';

describe('requestIdOf', () => {
  it('keeps a trusted proxy’s id, and only a usable one', () => {
    expect(requestIdOf('lb-1234.abc', true)).toBe('lb-1234.abc');
    for (const bad of ['', 'two words', 'x'.repeat(129), 'line\nbreak', 'quote"'])
      expect(requestIdOf(bad, true)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes a new one when the proxy is not trusted or sent none', () => {
    expect(requestIdOf('lb-1234', false)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(undefined, true)).not.toBe(requestIdOf(undefined, true));
  });
});

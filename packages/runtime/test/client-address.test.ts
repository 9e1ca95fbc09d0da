import { describe, expect, it } from 'vitest';
import { clientAddress } from '../src/index.js';

describe('clientAddress', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('127.0.0.1', '10.1.2.3', 0)).toBe('127.0.0.1');
  });

  it('takes the entry the trusted proxies wrote, from the right, whatever the client put on the left', () => {
    expect(clientAddress('10.0.0.2', '10.1.2.3, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', ['6.6.6.6, 7.7.7.7', '198.51.100.7'], 1)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.9', 2)).toBe('198.51.100.7');
  });

  it('falls back to the leftmost entry when there are fewer than the hops, and to the socket without any', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.7', 3)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined, 1)).toBe('');
  });
});

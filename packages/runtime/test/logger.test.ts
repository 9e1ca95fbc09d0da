import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('the redacting logger', () => {
  it('censors secrets by key at the top and one level down, keeping the rest', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ password: 'p-1', client_secret: 's-1', headers: { authorization: 'Bearer t-1', cookie: 'c-1' }, clientId: 'shop' }, 'x');
    const text = lines.join('');
    for (const secret of ['p-1', 's-1', 't-1', 'c-1']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ clientId: 'shop', password: '[redacted]', service: 'latchkey' });
  });
});

import { gzipSync } from 'node:zlib';
import type { Rng } from '../prng.js';

export type Param = [name: string, value: string];
export type Encoded = { contentType: string | null; body: Buffer; contentEncoding?: string; label: string };

// Byte sequences no UTF-8 decoder should accept: a lone continuation byte,
// an overlong NUL, an encoded surrogate, bytes that never occur, a cut-off sequence.
const BAD_UTF8 = [[0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]].map((b) =>
  Buffer.from(b),
);

// encodeURIComponent throws on a lone surrogate; the raw branch below still sends them (as U+FFFD bytes).
export const percentEncode = (text: string) =>
  encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

function formPart(rng: Rng, text: string): Buffer {
  return rng.weighted<() => Buffer>([
    [12, () => Buffer.from(percentEncode(text))],
    // Raw: '&', '=', '+' and high bytes reach the parser as they are.
    [2, () => Buffer.from(text, rng.chance(0.5) ? 'latin1' : 'utf8')],
    [
      1,
      () =>
        Buffer.concat([
          Buffer.from(percentEncode(text.slice(0, 8))),
          rng.pick(BAD_UTF8),
          Buffer.from(rng.pick(['%', '%z', '%zz', '%c0%80', '%ed%a0%80', '%ff', ''])),
        ]),
    ],
  ])();
}

function encodeForm(rng: Rng, params: Param[]): Buffer {
  const parts = params.map(([name, value]) =>
    Buffer.concat([formPart(rng, name), Buffer.from(rng.chance(0.02) ? '' : '='), formPart(rng, value)]),
  );
  const separator = () =>
    Buffer.from(
      rng.weighted([
        [30, '&'],
        [1, '&&'],
        [1, ';'],
        [1, '&amp;'],
      ]),
    );
  const joined: Buffer[] = [];
  if (rng.chance(0.03)) joined.push(Buffer.from('&'));
  for (const [i, part] of parts.entries()) joined.push(...(i ? [separator(), part] : [part]));
  return Buffer.concat(joined);
}

function encodeJson(rng: Rng, params: Param[]): Buffer {
  return rng.weighted<() => Buffer>([
    [6, () => Buffer.from(`{${params.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)],
    [2, () => Buffer.from(JSON.stringify(params.map(([k, v]) => ({ [k]: rng.chance(0.5) ? v : [v, v] }))))],
    [
      2,
      () => Buffer.from(JSON.stringify(Object.fromEntries(params.map(([k, v]) => [k, rng.pick<unknown>([v, 1, null, { v }, [v], true])])))),
    ],
    [
      2,
      () =>
        Buffer.from(
          `{"grant_type": ${rng.pick(['"password"', 'password', '', '"', '"\\u0000"', '"\\ud800"'])}${rng.pick(['', '}', ',}', '}}', ']'])}`,
        ),
    ],
    [1, () => rng.bytes(rng.between(1, 64))],
  ])();
}

function encodeMultipart(rng: Rng, params: Param[]): { body: Buffer; boundary: string; declared: string } {
  const boundary = `----fuzz${rng.int(1e9)}`;
  const lines: Buffer[] = [];
  for (const [name, value] of params) {
    const disposition = rng.weighted([
      [10, `form-data; name="${name.replace(/"/g, '\\"')}"`],
      [1, `form-data; name="${name}"; filename="x.txt"`],
      [1, 'form-data'],
      [1, `form-data; name=${name}`],
    ]);
    lines.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      Buffer.from(value, rng.chance(0.2) ? 'latin1' : 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  if (rng.chance(0.85)) lines.push(Buffer.from(`--${boundary}--\r\n`));
  const declared = rng.weighted([
    [8, boundary],
    [1, 'other'],
    [1, ''],
  ]);
  return { body: Buffer.concat(lines), boundary, declared };
}

/** The params as one of the body formats a client (or an attacker) might send to a form endpoint. */
export function encodeBody(rng: Rng, params: Param[]): Encoded {
  const kind = rng.weighted([
    [70, 'form'],
    [8, 'json'],
    [7, 'multipart'],
    [5, 'other'],
    [3, 'gzip'],
  ] as const);
  switch (kind) {
    case 'form': {
      const contentType = rng.weighted<string | null>([
        [20, 'application/x-www-form-urlencoded'],
        [2, 'application/x-www-form-urlencoded; charset=utf-8'],
        [1, 'application/x-www-form-urlencoded; charset=utf-16'],
        [1, 'application/x-www-form-urlencoded; charset=nope'],
        [1, 'APPLICATION/X-WWW-FORM-URLENCODED'],
        [1, 'application/x-www-form-urlencoded;;;'],
        [1, null],
      ]);
      return { contentType, body: encodeForm(rng, params), label: 'form' };
    }
    case 'json':
      return {
        contentType: rng.pick(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'text/json']),
        body: encodeJson(rng, params),
        label: 'json',
      };
    case 'multipart': {
      const { body, declared } = encodeMultipart(rng, params);
      const contentType = declared ? `multipart/form-data; boundary=${declared}` : 'multipart/form-data';
      return { contentType, body, label: 'multipart' };
    }
    case 'gzip': {
      const form = encodeForm(rng, params);
      const body = rng.chance(0.6) ? gzipSync(form) : Buffer.concat([gzipSync(form).subarray(0, 12), rng.bytes(8)]);
      return {
        contentType: 'application/x-www-form-urlencoded',
        body,
        contentEncoding: rng.pick(['gzip', 'deflate', 'br', 'x-junk', 'gzip, gzip']),
        label: 'gzip',
      };
    }
    case 'other':
      return {
        contentType: rng.pick([
          'text/plain',
          'application/xml',
          'application/octet-stream',
          '*/*',
          'x',
          '',
          'application/x-www-form-urlencoded\u00ff',
        ]),
        body: rng.chance(0.5) ? encodeForm(rng, params) : rng.bytes(rng.between(0, 128)),
        label: 'other-type',
      };
  }
}

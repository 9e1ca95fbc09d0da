import type { Rng } from '../prng.js';

// Values that have broken parsers, validators and databases before: each
// one says in its shape what it probes (length, encoding, type confusion).
const NASTY_STRINGS = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\u202etxt.exe',
  '\u0301\u0301\u0301',
  '\ud83d\ude00\ud83d\udca9',
  '\ud800',
  '\udfff',
  '\uffff\ufffe',
  '\u00ff\u00fe',
  "' OR '1'='1' --",
  '"; DROP TABLE customers; --',
  '{"$ne":null}',
  '[object Object]',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  '%00',
  '%zz',
  '%',
  '%s%n%x',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, meant literally
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '9007199254740993',
  '0x7fffffff',
  '2026-02-30T25:61:61Z',
  '+275760-09-13T00:00:00.001Z',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'a.b.c',
  '....',
  'Bearer',
  'lkl_',
  'lkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-7fff-bfff-ffffffffffff',
  'https://evil.example.com/',
  'javascript:alert(1)',
  'urn:ietf:params:oauth:token-type:access_token',
];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';

export function randomWord(rng: Rng, min = 1, max = 24): string {
  const length = rng.between(min, max);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[rng.int(ALPHABET.length)];
  return out;
}

export function randomUuid(rng: Rng): string {
  const hex = rng.bytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${'89ab'[rng.int(4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const b64url = (rng: Rng, bytes: number) => rng.bytes(bytes).toString('base64url');

/** A JWT-looking string that is not a valid token of ours. */
export function junkJwt(rng: Rng): string {
  const header = rng.pick([
    '{"alg":"none","typ":"at+jwt"}',
    '{"alg":"ES256","typ":"at+jwt","kid":"nope"}',
    '{"alg":"HS256","typ":"JWT"}',
    '{"alg":"RS256","jku":"https://evil.example.com/jwks"}',
    '{"alg":"ES256","crit":["x"]}',
    'not json',
    '[]',
  ]);
  const payload = rng.pick([
    '{"sub":"x","exp":99999999999}',
    '{"iss":"https://evil.example.com","aud":"x","iat":0}',
    '{"iat":1e309,"jti":null}',
    '{"customer_id":"1","store_hash":"x","operation":"customer_login"}',
    '{}',
    '"string"',
  ]);
  const encode = (text: string) => Buffer.from(text).toString('base64url');
  return rng.weighted([
    [4, `${encode(header)}.${encode(payload)}.${b64url(rng, rng.pick([0, 16, 64]))}`],
    [1, `${encode(header)}.${encode(payload)}`],
    [1, `${b64url(rng, 20)}.${b64url(rng, 40)}.${b64url(rng, 64)}.${b64url(rng, 4)}.${b64url(rng, 8)}`],
    [1, `!!.${encode(payload)}.@@`],
  ]);
}

/** A string of `length` characters of one kind: the way length limits are probed. */
export function longString(rng: Rng, length: number): string {
  const unit = rng.pick(['a', 'é', '\ud83d\ude00', '%', '&', '=', '\u0000', ' ']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** A value for a string parameter: usually junk, sometimes a real value the caller passes. */
export function junkValue(rng: Rng, real: readonly string[] = []): string {
  return rng.weighted<() => string>([
    [5, () => rng.pick(NASTY_STRINGS)],
    [4, () => randomWord(rng)],
    [real.length ? 5 : 0, () => rng.pick(real)],
    [2, () => randomUuid(rng)],
    [2, () => junkJwt(rng)],
    [1, () => b64url(rng, rng.between(1, 64))],
    [1, () => longString(rng, rng.pick([256, 321, 513, 1025, 4097, 20_000]))],
    [1, () => rng.bytes(rng.between(1, 16)).toString('latin1')],
    [1, () => `${rng.pick(real.length ? real : ['x'])}${rng.pick(NASTY_STRINGS)}`],
  ])();
}

/** A JSON value of any type, for bodies and tRPC inputs. */
export function junkJson(rng: Rng, depth = 0, real: readonly string[] = [], keys: readonly string[] = []): unknown {
  const scalar = (): unknown =>
    rng.weighted<() => unknown>([
      [5, () => junkValue(rng, real)],
      [2, () => rng.pick([0, -1, 1, 1.5, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2, 1e308, 500, 101, 100])],
      [1, () => rng.pick([true, false, null])],
    ])();
  if (depth >= 3) return scalar();
  return rng.weighted<() => unknown>([
    [6, scalar],
    [2, () => Array.from({ length: rng.between(0, 4) }, () => junkJson(rng, depth + 1, real, keys))],
    [
      3,
      () => {
        // fromEntries makes `__proto__` an own key, as JSON.parse on the server side would.
        const key = () => (keys.length && rng.chance(0.8) ? rng.pick(keys) : rng.pick([randomWord(rng), '__proto__', 'constructor', '']));
        return Object.fromEntries(Array.from({ length: rng.between(0, 5) }, () => [key(), junkJson(rng, depth + 1, real, keys)]));
      },
    ],
  ])();
}

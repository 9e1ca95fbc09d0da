import { parse, stringify } from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { formBody } from '../src/front-doors/dispatch.js';

describe("a door's synthetic form body", () => {
  const forms: Record<string, string>[] = [
    { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln-_' },
    { grant_type: 'password', username: 'anna+b2b@example.com', password: "p&ss=wörd %20 ~*'()! ✓ 😀", client_id: 'shop' },
    { empty: '', 'na me&': 'a=b&c', tab: '\t\n\r' },
  ];
  it('is byte for byte what querystring writes, and parses back to the form', () => {
    for (const form of forms) {
      const body = formBody(form);
      expect(body.toString('latin1')).toBe(stringify(form));
      expect(parse(body.toString())).toEqual(form);
    }
  });
  it('refuses a lone surrogate as querystring does', () => {
    expect(() => stringify({ bad: '\ud800' })).toThrow(URIError);
    expect(() => formBody({ bad: '\ud800' })).toThrow(URIError);
  });
});

import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessTokenRules, verifyAccessTokenJwt } from '../src/protocol/index.js';

const ISSUER = 'https://auth.example.com';
let keys: ReturnType<typeof createLocalJWKSet>;
let sign: (claims: JWTPayload, typ?: string) => Promise<string>;
const now = Math.floor(Date.UTC(2026, 11, 2, 12) / 1000);
const claims = { iss: ISSUER, aud: ISSUER, sub: 'cust-1', client_id: 'shop', jti: 'j-1', iat: now, exp: now + 900 };

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  sign = (payload, typ = 'at+jwt') => new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).sign(privateKey);
});

describe('the one access-token rule set', () => {
  const rules = accessTokenRules({ issuer: ISSUER, audience: ISSUER });
  const at = (seconds: number) => new Date(seconds * 1000);

  it('accepts a Latchkey access token and answers its payload', async () => {
    expect(await verifyAccessTokenJwt(await sign(claims), keys, rules, at(now + 10))).toMatchObject({ sub: 'cust-1', client_id: 'shop' });
  });

  it('needs every RFC 9068 claim, the at+jwt type, the issuer and the audience', async () => {
    for (const missing of ['jti', 'iat', 'sub', 'client_id', 'exp'] as const) {
      const { [missing]: _gone, ...rest } = claims;
      await expect(verifyAccessTokenJwt(await sign(rest), keys, rules, at(now))).rejects.toMatchObject({
        code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      });
    }
    await expect(verifyAccessTokenJwt(await sign(claims, 'JWT'), keys, rules, at(now))).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    await expect(verifyAccessTokenJwt(await sign({ ...claims, aud: 'other' }), keys, rules, at(now))).rejects.toMatchObject({
      claim: 'aud',
    });
  });

  it('judges expiry with Latchkey’s 5 seconds of tolerance, or the one asked for', async () => {
    const token = await sign(claims);
    expect(await verifyAccessTokenJwt(token, keys, rules, at(now + 904))).toMatchObject({ jti: 'j-1' });
    await expect(verifyAccessTokenJwt(token, keys, rules, at(now + 906))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    const strict = accessTokenRules({ issuer: ISSUER, audience: ISSUER, clockToleranceSeconds: 0 });
    await expect(verifyAccessTokenJwt(token, keys, strict, at(now + 901))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    const real = Math.floor(Date.now() / 1000);
    const stale = await sign({ ...claims, iat: real - 1000, exp: real - 100 });
    await expect(verifyAccessTokenJwt(stale, keys, rules)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });
});

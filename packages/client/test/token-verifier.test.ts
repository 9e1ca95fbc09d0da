import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuth, createAgent, createClient, createCompanyUser, createCustomer, postForm, startAuthServer } from '@latchkey/auth/testing';
import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core/protocol';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenClaims, createTokenVerifier, TokenVerificationError } from '../src/index.js';
import { closedPort, manualClock, useAuthServer } from './setup.js';

const EXCHANGE = TOKEN_EXCHANGE_GRANT;
const { accessToken: AT, customerId: CUSTOMER_ID } = TokenType;
const SECRET = 'lks_verifier-secret-0123456789abcdefghijklmn';
const ids = { sonia: '', companyUser: '', company: '', rep: '' };
const clock = manualClock();

const t = useAuthServer(
  async (db) => {
    await createClient(db, { grantTypes: ['password', 'refresh_token', EXCHANGE], scopes: ['storefront', 'cart'] });
    await createClient(db, { id: 'agent-console', subjectType: 'agent', grantTypes: ['password', EXCHANGE] });
    await createClient(db, {
      id: 'back-office',
      type: 'confidential',
      secret: SECRET,
      grantTypes: ['client_credentials'],
      scopes: ['admin:read'],
    });
    ids.sonia = (await createCustomer(db, { reference: 'C-2002' })).id;
    const { companyUser, company } = await createCompanyUser(db, ids.sonia);
    Object.assign(ids, { companyUser: companyUser.id, company: company.id, rep: (await createAgent(db)).id });
  },
  { clock: clock.now },
);

const token = (form: Record<string, string>, headers: Record<string, string> = {}, url = t.auth.url) =>
  postForm(`${url}/token`, form, headers).then(({ status, body }) => {
    expect(status, JSON.stringify(body)).toBe(200);
    return String(body.access_token);
  });
const customerToken = (url?: string) =>
  token({ grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' }, {}, url);
const agentToken = () =>
  token({ grant_type: 'password', client_id: 'agent-console', username: 'rep@example.com', password: 'agent-pass-1' });

async function refusal(call: Promise<unknown>): Promise<TokenVerificationError> {
  const error = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(error instanceof TokenVerificationError)) throw new Error(`expected a TokenVerificationError, got ${String(error)}`);
  return error;
}

describe('createTokenVerifier with tokens from Latchkey', () => {
  let verifier: ReturnType<typeof createTokenVerifier>;
  beforeAll(() => {
    verifier = createTokenVerifier({ issuer: t.auth.issuer });
  });

  it("names a customer's claims: company user, role and permissions", async () => {
    const raw = await customerToken();
    const claims = await verifier.verify(raw);
    expect(claims).toBeInstanceOf(AccessTokenClaims);
    expect(claims).toMatchObject({
      subject: ids.sonia,
      subjectType: 'customer',
      clientId: 'storefront',
      scopes: ['storefront', 'cart'],
      customerReference: 'C-2002',
      companyUserId: ids.companyUser,
      companyId: ids.company,
      companyRole: 'Buyer',
      permissions: [{ key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } }, { key: 'create_address' }],
      raw: { iss: t.auth.issuer, aud: t.auth.issuer, sub: ids.sonia, client_id: 'storefront', sub_type: 'customer' },
    });
    expect(claims.actor).toBeUndefined();
    expect(claims.expiresAt).toEqual(new Date(claims.raw.exp * 1000));
    expect(claims.expiresAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(900_000);
    expect([claims.hasScope('cart'), claims.hasScope('admin:read')]).toEqual([true, false]);
    expect([claims.hasPermission('create_address'), claims.hasPermission('place_order')]).toEqual([true, false]);
    expect(claims.permission('ReadSharedCartPermissionPlugin')?.configuration).toEqual({ id_quote_collection: [21, 22] });
    expect(await verifier.verifyAuthorizationHeader(`Bearer ${raw}`)).toEqual(claims);
  });

  it('names the acting agent of an impersonation token', async () => {
    const impersonation = await token({
      grant_type: EXCHANGE,
      client_id: 'storefront',
      subject_token: ids.sonia,
      subject_token_type: CUSTOMER_ID,
      actor_token: await agentToken(),
      actor_token_type: AT,
    });
    const claims = await verifier.verify(impersonation);
    expect(claims).toMatchObject({
      subject: ids.sonia,
      subjectType: 'customer',
      companyUserId: ids.companyUser,
      actor: { sub: ids.rep, subType: 'agent' },
    });
  });

  it("names an agent's and a client's own tokens, without permissions", async () => {
    expect(await verifier.verify(await agentToken())).toMatchObject({
      subject: ids.rep,
      subjectType: 'agent',
      clientId: 'agent-console',
      permissions: [],
    });
    const clientToken = await token({ grant_type: 'client_credentials' }, { authorization: basicAuth('back-office', SECRET) });
    expect(await verifier.verify(clientToken)).toMatchObject({
      subjectType: 'client',
      clientId: 'back-office',
      scopes: ['admin:read'],
      permissions: [],
    });
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = (await customerToken()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as JWTPayload;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, scope: 'storefront cart admin:write' })).toString('base64url');
    expect((await refusal(verifier.verify(`${header}.${forgedPayload}.${signature}`))).code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const flipped = `${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`;
    expect((await refusal(verifier.verify(`${header}.${payload}.${flipped}`))).code).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect((await refusal(verifier.verify('not.a.jwt'))).code).toBe('ERR_JWS_INVALID');
  });

  it('refuses a token for another audience and one from another issuer', async () => {
    const shopApi = 'https://shop-api.example.com';
    const elsewhere = await startAuthServer(t.db, { clientCacheMs: 0, audience: shopApi, clock: clock.now });
    try {
      const forShop = await customerToken(elsewhere.url);
      const refused = await refusal(createTokenVerifier({ issuer: elsewhere.issuer }).verify(forShop));
      expect(refused).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', message: 'unexpected "aud" claim value' });
      expect((await createTokenVerifier({ issuer: elsewhere.issuer, audience: shopApi }).verify(forShop)).subject).toBe(ids.sonia);
      // Same keys (one database), other issuer: the signature is fine, the iss is not.
      expect((await refusal(verifier.verify(forShop))).message).toBe('unexpected "iss" claim value');
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses an expired token, by the system clock or the one it is given', async () => {
    clock.advance(-3600);
    const old = await customerToken();
    clock.advance(3600);
    expect((await refusal(verifier.verify(old))).code).toBe('ERR_JWT_EXPIRED');

    const fresh = await customerToken();
    const { expiresAt } = await verifier.verify(fresh);
    const at = (offsetMs: number) => createTokenVerifier({ issuer: t.auth.issuer, clock: () => new Date(expiresAt.getTime() + offsetMs) });
    expect((await at(3000).verify(fresh)).subject).toBe(ids.sonia);
    expect((await refusal(at(6000).verify(fresh))).code).toBe('ERR_JWT_EXPIRED');
    const strict = createTokenVerifier({
      issuer: t.auth.issuer,
      clockToleranceSeconds: 0,
      clock: () => new Date(expiresAt.getTime() + 1000),
    });
    expect((await refusal(strict.verify(fresh))).code).toBe('ERR_JWT_EXPIRED');
  });

  it('refuses a header without a bearer token', async () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer ']) {
      expect((await refusal(verifier.verifyAuthorizationHeader(header))).code).toBe('ERR_NO_BEARER_TOKEN');
    }
  });

  it('fetches the key set once for many tokens', async () => {
    let fetches = 0;
    const proxy = createServer((_req, res) => {
      fetches += 1;
      void fetch(`${t.auth.url}/jwks`).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    }).listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    try {
      const cached = createTokenVerifier({
        issuer: t.auth.issuer,
        jwksUri: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/jwks`,
      });
      const tokens = await Promise.all([customerToken(), agentToken(), customerToken()]);
      await Promise.all(tokens.map((raw) => cached.verify(raw)));
      for (const raw of tokens) await cached.verify(raw);
      expect(fetches).toBe(1);
    } finally {
      proxy.close();
    }
  });

  it('says when the keys cannot be fetched', async () => {
    const orphan = createTokenVerifier({ issuer: t.auth.issuer, jwksUri: `http://127.0.0.1:${await closedPort()}/jwks` });
    const refused = await refusal(orphan.verify(await customerToken()));
    expect(refused).toMatchObject({ code: 'ERR_JWKS_UNREACHABLE', keysUnavailable: true });
  });
});

describe('createTokenVerifier rules, on tokens signed here', () => {
  const issuer = 'https://auth.example.com';
  let sign: (claims: JWTPayload, header?: { alg?: string; typ?: string }) => Promise<string>;
  let verifier: ReturnType<typeof createTokenVerifier>;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    verifier = createTokenVerifier({ issuer, jwks: createLocalJWKSet({ keys: [jwk] }) });
    sign = (claims, header = {}) =>
      new SignJWT({ client_id: 'storefront', sub_type: 'customer', scope: 'storefront', ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', ...header })
        .setIssuer(issuer)
        .setAudience(issuer)
        .setSubject('customer-1')
        .setIssuedAt()
        .setJti('j1')
        .setExpirationTime('5m')
        .sign(privateKey);
  });

  it('accepts a well-formed token (the control)', async () => {
    expect(await verifier.verify(await sign({}))).toMatchObject({ subject: 'customer-1', permissions: [], companyUserId: undefined });
  });

  it('refuses another typ, another algorithm and alg none', async () => {
    expect(await refusal(verifier.verify(await sign({}, { typ: 'JWT' })))).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      message: 'unexpected "typ" JWT header value',
    });
    const hs256 = await new SignJWT({ client_id: 'storefront', sub_type: 'customer' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(issuer)
      .setSubject('customer-1')
      .setIssuedAt()
      .setJti('j2')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-that-anyone-could-know'));
    expect((await refusal(verifier.verify(hs256))).code).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    const [, payload] = (await sign({})).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    expect((await refusal(verifier.verify(none))).code).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it("refuses a signed token without RFC 9068's or Latchkey's claims", async () => {
    expect(await refusal(verifier.verify(await sign({ client_id: undefined })))).toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      message: 'missing required "client_id" claim',
    });
    expect(await refusal(verifier.verify(await sign({ sub_type: 'robot' })))).toMatchObject({
      code: 'ERR_LATCHKEY_CLAIMS',
      message: 'unknown sub_type robot',
    });
    expect((await refusal(verifier.verify(await sign({ permissions: 'all' })))).code).toBe('ERR_LATCHKEY_CLAIMS');
    expect((await refusal(verifier.verify(await sign({ act: { sub: 'x', sub_type: 'customer' } })))).code).toBe('ERR_LATCHKEY_CLAIMS');
  });
});

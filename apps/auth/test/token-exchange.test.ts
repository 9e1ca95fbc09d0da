import { randomUUID } from 'node:crypto';
import { CLOCK_TOLERANCE_SECONDS, TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken, createSecretBox } from '@latchkey/db';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAgent, createClient, createCompanyUser, createCustomer, postForm, TEST_SECRET_KEY } from '../src/testing.js';
import { isPostgres, manualClock, useAuthServer } from './setup.js';

const EXCHANGE = TOKEN_EXCHANGE_GRANT;
const { accessToken: AT, loginToken: LOGIN_TOKEN, jwt: JWT, customerId: CUSTOMER_ID } = TokenType;
const LINK_SECRET = 'login-link-secret-0123456789abcdefghijkl';

const clock = manualClock();
const ids = { sonia: '', karl: '', disabled: '', acme: '', other: '', karlCu: '', rep: '', lazy: '', gone: '', otherCompany: '' };

const t = useAuthServer({ clock: clock.now, trustProxy: true }, async (db) => {
  const box = createSecretBox(TEST_SECRET_KEY);
  const exchange = ['password', 'refresh_token', EXCHANGE];
  await createClient(db, {
    grantTypes: exchange,
    scopes: ['storefront', 'punchout'],
    extra: { loginLinkSecretEnc: box.seal(LINK_SECRET) },
  });
  await createClient(db, {
    id: 'other-shop',
    grantTypes: exchange,
    extra: { loginLinkSecretEnc: box.seal('another-secret-0123456789abcdefghijklmn') },
  });
  await createClient(db, { id: 'agent-console', subjectType: 'agent', grantTypes: exchange });
  const sonia = await createCustomer(db, { reference: 'BC-42' });
  const karl = await createCustomer(db, { email: 'karl@example.com' });
  const disabled = await createCustomer(db, { email: 'off@example.com', status: 'disabled' });
  Object.assign(ids, { sonia: sonia.id, karl: karl.id, disabled: disabled.id });
  ids.acme = (await createCompanyUser(db, sonia.id)).companyUser.id;
  const other = await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other' });
  ids.other = other.companyUser.id;
  ids.otherCompany = other.company.id;
  ids.karlCu = (await createCompanyUser(db, karl.id, { companyName: 'Karl Inc' })).companyUser.id;
  ids.rep = (await createAgent(db)).id;
  ids.lazy = (await createAgent(db, { email: 'lazy@example.com', roles: ['editor'] })).id;
  ids.gone = (await createAgent(db, { email: 'gone@example.com' })).id;
});

const exchange = (form: Record<string, string>, clientId = 'storefront', headers: Record<string, string> = {}) =>
  t.token({ grant_type: EXCHANGE, client_id: clientId, ...form }, headers);
const login = async (username = 'sonia@example.com', clientId = 'storefront', password = 'change123') =>
  (await t.token({ grant_type: 'password', client_id: clientId, username, password })).body as Record<string, string>;
const agentToken = async (email = 'rep@example.com') => (await login(email, 'agent-console', 'agent-pass-1')).access_token!;
const expectRefused = (res: { status: number; body: Record<string, unknown> }, error: string, code: string, description?: string) => {
  expect(res.status).toBe(400);
  expect(res.body.error).toBe(error);
  expect(res.body.latchkey_code).toBe(code);
  if (description) expect(res.body.error_description).toBe(description);
};

describe('company-user switch', () => {
  it('issues tokens for another company user of the same customer', async () => {
    const { access_token } = await login();
    const res = await exchange({ subject_token: access_token!, subject_token_type: AT, company_user_id: ids.other });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      issued_token_type: AT,
      id_company_user: ids.other,
      scope: 'storefront punchout',
    });
    expect(typeof res.body.refresh_token).toBe('string');
    const claims = await t.verify(String(res.body.access_token));
    expect(claims).toMatchObject({ sub: ids.sonia, id_company_user: ids.other, company_id: ids.otherCompany, sub_type: 'customer' });
    expect(claims.act).toBeUndefined();
  });

  it('refuses a company user of someone else, a disabled one and one of a disabled company', async () => {
    const { access_token } = await login();
    const form = (company_user_id: string) => ({ subject_token: access_token!, subject_token_type: AT, company_user_id });
    expectRefused(await exchange(form(ids.karlCu)), 'invalid_grant', 'company_user_not_owned', 'company user not found for this customer');
    await t.db.prisma.companyUser.update({ where: { id: ids.other }, data: { status: 'disabled' } });
    expectRefused(await exchange(form(ids.other)), 'invalid_grant', 'company_user_disabled', 'company user is disabled');
    await t.db.prisma.companyUser.update({ where: { id: ids.other }, data: { status: 'active' } });
    await t.db.prisma.company.update({ where: { id: ids.otherCompany }, data: { status: 'disabled' } });
    expectRefused(await exchange(form(ids.other)), 'invalid_grant', 'company_disabled', 'company is disabled');
    await t.db.prisma.company.update({ where: { id: ids.otherCompany }, data: { status: 'active' } });
    expectRefused(
      await exchange({ subject_token: access_token!, subject_token_type: AT }),
      'invalid_request',
      'parameter_missing',
      "missing required parameter 'company_user_id'",
    );
  });

  it('refuses a tampered, foreign, expired or revoked subject token', async () => {
    const invalid = 'subject token is invalid, expired or revoked';
    const { access_token, refresh_token } = await login();
    const [h, p, s] = access_token!.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: ids.karl })).toString('base64url')}.${s}`;
    expectRefused(
      await exchange({ subject_token: tampered, subject_token_type: AT, company_user_id: ids.other }),
      'invalid_grant',
      'subject_token_invalid',
      invalid,
    );

    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ client_id: 'storefront', sub_type: 'customer' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: (await exportJWK(publicKey)).kid ?? 'x' })
      .setSubject(ids.sonia)
      .setIssuer('https://evil.example')
      .setAudience(t.server.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expectRefused(
      await exchange({ subject_token: foreign, subject_token_type: AT, company_user_id: ids.other }),
      'invalid_grant',
      'subject_token_invalid',
      invalid,
    );

    await postForm(`${t.server.url}/token/revocation`, { token: refresh_token!, client_id: 'storefront' });
    expectRefused(
      await exchange({ subject_token: access_token!, subject_token_type: AT, company_user_id: ids.other }),
      'invalid_grant',
      'subject_token_invalid',
      invalid,
    );

    const fresh = (await login()).access_token!;
    // Past its expiry and the tolerance every verifier of an access token allows.
    clock.advance(900 + CLOCK_TOLERANCE_SECONDS + 1);
    expectRefused(
      await exchange({ subject_token: fresh, subject_token_type: AT, company_user_id: ids.other }),
      'invalid_grant',
      'subject_token_invalid',
      invalid,
    );
  });

  it('refuses a token of another client and an agent token', async () => {
    const { access_token } = await login('sonia@example.com', 'other-shop');
    expectRefused(
      await exchange({ subject_token: access_token!, subject_token_type: AT, company_user_id: ids.other }),
      'invalid_grant',
      'subject_token_wrong_client',
      'subject token was issued to another client',
    );
    expectRefused(
      await exchange({ subject_token: await agentToken(), subject_token_type: AT, company_user_id: ids.other }, 'agent-console'),
      'invalid_grant',
      'subject_not_customer',
      'only a customer can switch company user',
    );
  });
});

const newLoginToken = async (over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
  createLoginToken(t.db.prisma, {
    clientId: 'storefront',
    customerId: ids.sonia,
    expiresAt: new Date(clock.now().getTime() + 3_600_000),
    oneTimeUse: true,
    ...over,
  });
const counters = (id: string) =>
  t.db.prisma.loginToken.findUniqueOrThrow({
    where: { id },
    select: { successfulAttempts: true, failedAttempts: true, lastAccessedAt: true },
  });

describe('login tokens', () => {
  it('start a customer session and count the success', async () => {
    const { token, record } = await newLoginToken();
    const res = await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ issued_token_type: AT, id_company_user: ids.acme });
    expect(await t.verify(String(res.body.access_token))).toMatchObject({ sub: ids.sonia, id_company_user: ids.acme });
    expect(await counters(record.id)).toEqual({ successfulAttempts: 1, failedAttempts: 0, lastAccessedAt: clock.now() });
  });

  it('start a company-user session for a company-user token', async () => {
    const { token } = await newLoginToken({ customerId: null, companyUserId: ids.other });
    expect((await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN })).body.id_company_user).toBe(ids.other);
  });

  it('that lock the company user (Business on Behalf) begin sessions that cannot switch, through refreshes too', async () => {
    const { token } = await newLoginToken({ customerId: null, companyUserId: ids.other, lockCompanyUser: true });
    const res = await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN });
    expect(res.status).toBe(200);
    expect(await t.verify(String(res.body.access_token))).toMatchObject({ id_company_user: ids.other, company_user_locked: true });
    const switchTo = (accessToken: string, companyUserId: string) =>
      exchange({ subject_token: accessToken, subject_token_type: AT, company_user_id: companyUserId });
    expectRefused(
      await switchTo(String(res.body.access_token), ids.acme),
      'invalid_grant',
      'company_user_locked',
      'this session may not switch company user',
    );
    // Asking for the company user it is on is no switch.
    const same = await switchTo(String(res.body.access_token), ids.other);
    expect(same.status).toBe(200);
    expect(await t.verify(String(same.body.access_token))).toMatchObject({ company_user_locked: true });

    const refreshed = await t.token({
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(res.body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(await t.verify(String(refreshed.body.access_token))).toMatchObject({ id_company_user: ids.other, company_user_locked: true });
    expectRefused(
      await switchTo(String(refreshed.body.access_token), ids.acme),
      'invalid_grant',
      'company_user_locked',
      'this session may not switch company user',
    );

    // The control: the same token unlocked lets the session switch.
    const { token: open } = await newLoginToken({ customerId: null, companyUserId: ids.other });
    const unlocked = await exchange({ subject_token: open, subject_token_type: LOGIN_TOKEN });
    expect((await t.verify(String(unlocked.body.access_token))).company_user_locked).toBeUndefined();
    expect((await switchTo(String(unlocked.body.access_token), ids.acme)).status).toBe(200);
  });

  it('start an anonymous session limited to the anonymous scopes', async () => {
    const { token, record } = await newLoginToken({ customerId: null, oneTimeUse: false });
    const res = await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN });
    expect(res.body.scope).toBe('punchout');
    expect(res.body.id_company_user).toBeUndefined();
    const claims = await t.verify(String(res.body.access_token));
    expect(claims).toMatchObject({ sub: `anon:${record.id}`, sub_type: 'anonymous', scope: 'punchout' });
    expect(claims.customer_reference).toBeUndefined();
    const refreshed = await t.token({
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(res.body.refresh_token),
    });
    expect((await t.verify(String(refreshed.body.access_token))).sub).toBe(`anon:${record.id}`);
  });

  it('count each refusal of a known token, and nothing for an unknown one', async () => {
    const now = clock.now().getTime();
    const cases: [Partial<Parameters<typeof createLoginToken>[1]>, string, string][] = [
      [{ expiresAt: new Date(now - 1000) }, 'login_token_expired', 'login token has expired'],
      [{ notBefore: new Date(now + 60_000) }, 'login_token_not_yet_valid', 'login token is not valid yet'],
      [{ clientId: 'other-shop' }, 'login_token_wrong_client', 'login token was issued to another client'],
      [{ customerId: ids.disabled }, 'customer_disabled', 'customer is disabled'],
      [{ requestIp: '192.0.2.1' }, 'login_token_ip_mismatch', 'login token is bound to another IP'],
    ];
    for (const [over, code, reason] of cases) {
      const { token, record } = await newLoginToken(over);
      expectRefused(await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN }), 'invalid_grant', code, reason);
      expect(await counters(record.id)).toEqual({ successfulAttempts: 0, failedAttempts: 1, lastAccessedAt: clock.now() });
    }
    const { token, record } = await newLoginToken();
    await t.db.prisma.loginToken.update({ where: { id: record.id }, data: { revokedAt: clock.now() } });
    expectRefused(
      await exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN }),
      'invalid_grant',
      'login_token_revoked',
      'login token was revoked',
    );

    const used = await newLoginToken();
    expect((await exchange({ subject_token: used.token, subject_token_type: LOGIN_TOKEN })).status).toBe(200);
    expectRefused(
      await exchange({ subject_token: used.token, subject_token_type: LOGIN_TOKEN }),
      'invalid_grant',
      'login_token_used_up',
      'login token was already used',
    );
    expect(await counters(used.record.id)).toMatchObject({ successfulAttempts: 1, failedAttempts: 1 });

    const before = await t.db.prisma.loginToken.aggregate({ _sum: { failedAttempts: true } });
    expectRefused(
      await exchange({ subject_token: 'lkl_unknown', subject_token_type: LOGIN_TOKEN }),
      'invalid_grant',
      'login_token_invalid',
      'login token is invalid',
    );
    expect(await t.db.prisma.loginToken.aggregate({ _sum: { failedAttempts: true } })).toEqual(before);
  });

  it(`let exactly one of 50 concurrent redemptions win (${isPostgres() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const { token, record } = await newLoginToken();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => exchange({ subject_token: token, subject_token_type: LOGIN_TOKEN })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body.error === 'invalid_grant' && r.body.latchkey_code === 'login_token_used_up')).toHaveLength(49);
    expect(await counters(record.id)).toMatchObject({ successfulAttempts: 1, failedAttempts: 49 });
  });
});

const signed = async (claims: JWTPayload & Record<string, unknown>, secret = LINK_SECRET, alg = 'HS256') =>
  new SignJWT({
    iss: 'storefront',
    iat: Math.floor(clock.now().getTime() / 1000),
    jti: randomUUID(),
    operation: 'customer_login',
    store_hash: 'abc',
    customer_id: ids.sonia,
    ...claims,
  })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
const unsignedJwt = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

describe('signed login JWTs', () => {
  const redeem = (jwt: string, clientId = 'storefront', ip = '203.0.113.5') =>
    exchange({ subject_token: jwt, subject_token_type: JWT }, clientId, { 'x-forwarded-for': ip });

  it('log a customer in once per jti, by id or by reference, as a company user if asked', async () => {
    const jwt = await signed({ request_ip: '203.0.113.5', redirect_to: '/cart' });
    const res = await redeem(jwt);
    expect(res.status).toBe(200);
    expect(await t.verify(String(res.body.access_token))).toMatchObject({ sub: ids.sonia, id_company_user: ids.acme });
    expectRefused(await redeem(jwt), 'invalid_grant', 'signed_login_jti_reused', 'jti was already used');
    expect((await redeem(await signed({ customer_id: 'BC-42', company_user_id: ids.other }))).body.id_company_user).toBe(ids.other);
  });

  it('refuse a stale or future iat, a foreign IP, a wrong operation and missing claims', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    expectRefused(
      await redeem(await signed({ iat: now - 31 })),
      'invalid_grant',
      'signed_login_iat_too_old',
      'iat is outside the allowed window',
    );
    expectRefused(await redeem(await signed({ iat: now + 60 })), 'invalid_grant', 'signed_login_iat_in_future', 'iat is in the future');
    expectRefused(
      await redeem(await signed({ request_ip: '198.51.100.1' })),
      'invalid_grant',
      'signed_login_ip_mismatch',
      'request_ip does not match the caller',
    );
    expectRefused(
      await redeem(await signed({ operation: 'customer_logout' })),
      'invalid_grant',
      'signed_login_wrong_operation',
      'operation must be customer_login',
    );
    expectRefused(
      await redeem(await signed({ customer_id: undefined })),
      'invalid_grant',
      'signed_login_claim_missing',
      'claim customer_id is required',
    );
    expectRefused(await redeem(await signed({ customer_id: randomUUID() })), 'invalid_grant', 'customer_not_found', 'customer not found');
  });

  it('refuse alg none, other algorithms, a wrong key and another client’s token', async () => {
    const claims = {
      iss: 'storefront',
      iat: Math.floor(clock.now().getTime() / 1000),
      jti: randomUUID(),
      operation: 'customer_login',
      customer_id: ids.sonia,
    };
    expectRefused(
      await redeem(unsignedJwt(claims)),
      'invalid_grant',
      'signed_login_malformed',
      'signed login token must be an HS256 JWT with an iss claim',
    );
    expectRefused(
      await redeem(await signed({}, LINK_SECRET, 'HS512')),
      'invalid_grant',
      'signed_login_malformed',
      'signed login token must be an HS256 JWT with an iss claim',
    );
    expectRefused(
      await redeem(await signed({}, 'wrong-secret-0123456789abcdefghijklmnopq')),
      'invalid_grant',
      'signed_login_invalid',
      'signed login token is invalid',
    );
    expectRefused(await redeem(await signed({}), 'other-shop'), 'invalid_grant', 'signed_login_wrong_issuer', 'iss must be the client id');
    expectRefused(await redeem('not.a.jwt'), 'invalid_grant', 'signed_login_malformed');
  });
});

describe('agent impersonation', () => {
  const act = (subject: string, subjectType: string, actor: string, extra: Record<string, string> = {}) =>
    exchange({ subject_token: subject, subject_token_type: subjectType, actor_token: actor, actor_token_type: AT, ...extra });

  it('names the customer in sub and the agent in act, for a short session, with an audit trail', async () => {
    const res = await act(ids.sonia, CUSTOMER_ID, await agentToken(), { 'x-test': '1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 300, issued_token_type: AT, id_company_user: ids.acme });
    expect(res.body.refresh_token).toBeUndefined();
    const claims = await t.verify(String(res.body.access_token));
    expect(claims).toMatchObject({
      sub: ids.sonia,
      act: { sub: ids.rep, sub_type: 'agent' },
      id_company_user: ids.acme,
      client_id: 'storefront',
    });
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'customer.impersonate' }, orderBy: { at: 'desc' } });
    expect(audit).toMatchObject({
      actorType: 'agent',
      actorId: ids.rep,
      subjectType: 'customer',
      subjectId: ids.sonia,
      clientId: 'storefront',
      details: { via: 'customer_id', companyUserId: ids.acme },
    });
    expect(audit.ip).toBeTruthy();
  });

  it('works with a login token for the customer, counting the token', async () => {
    const { token, record } = await newLoginToken();
    const res = await act(token, LOGIN_TOKEN, await agentToken());
    expect(res.status).toBe(200);
    expect((await t.verify(String(res.body.access_token))).act).toEqual({ sub: ids.rep, sub_type: 'agent' });
    expect((await counters(record.id)).successfulAttempts).toBe(1);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { action: 'customer.impersonate', details: { path: ['loginTokenId'], equals: record.id } },
      }),
    ).toBe(1);
  });

  it('keeps the actor when an impersonated customer switches company user', async () => {
    const res = await act(ids.sonia, CUSTOMER_ID, await agentToken());
    const switched = await exchange({ subject_token: String(res.body.access_token), subject_token_type: AT, company_user_id: ids.other });
    expect(switched.body.expires_in).toBe(300);
    expect((await t.verify(String(switched.body.access_token))).act).toEqual({ sub: ids.rep, sub_type: 'agent' });
  });

  it('refuses a customer as actor, an agent who may not, a disabled agent and an expired actor token', async () => {
    expectRefused(
      await act(ids.karl, CUSTOMER_ID, (await login()).access_token!),
      'invalid_grant',
      'actor_not_agent',
      'only agents may act for a customer',
    );
    expectRefused(
      await act(ids.karl, CUSTOMER_ID, await agentToken('lazy@example.com')),
      'invalid_grant',
      'agent_not_permitted',
      'agent may not act for customers',
    );
    const goneToken = await agentToken('gone@example.com');
    await t.db.prisma.agent.update({ where: { id: ids.gone }, data: { status: 'disabled' } });
    expectRefused(await act(ids.karl, CUSTOMER_ID, goneToken), 'invalid_grant', 'agent_disabled', 'agent is disabled');
    expectRefused(await act(ids.disabled, CUSTOMER_ID, await agentToken()), 'invalid_grant', 'customer_disabled', 'customer is disabled');
    const stale = await agentToken();
    // Past its expiry and the tolerance every verifier of an access token allows.
    clock.advance(900 + CLOCK_TOLERANCE_SECONDS + 1);
    expectRefused(await act(ids.karl, CUSTOMER_ID, stale), 'invalid_grant', 'actor_token_invalid', 'actor token is invalid or expired');
    expect(await t.db.prisma.auditEvent.count({ where: { action: 'customer.impersonate', subjectId: ids.karl } })).toBe(0);
  });

  it('needs an actor for a customer id, and an access token as actor', async () => {
    expectRefused(
      await exchange({ subject_token: ids.sonia, subject_token_type: CUSTOMER_ID }),
      'invalid_request',
      'actor_required',
      'a customer id subject needs an actor_token',
    );
    expectRefused(
      await exchange({ subject_token: ids.sonia, subject_token_type: CUSTOMER_ID, actor_token: 'x', actor_token_type: JWT }),
      'invalid_request',
      'token_type_unsupported',
      `actor_token_type must be ${AT}`,
    );
  });
});

describe('token exchange requests', () => {
  it('is announced in discovery', async () => {
    const discovery = await fetch(`${t.server.url}/.well-known/openid-configuration`).then((r) => r.json());
    expect(discovery.grant_types_supported).toContain(EXCHANGE);
  });

  it('answers malformed requests per RFC 8693 §2.2.2', async () => {
    expectRefused(
      await exchange({ subject_token_type: AT }),
      'invalid_request',
      'parameter_missing',
      "missing required parameter 'subject_token'",
    );
    expectRefused(
      await exchange({ subject_token: 'x', subject_token_type: 'urn:x' }),
      'invalid_request',
      'token_type_unsupported',
      'unsupported subject_token_type urn:x',
    );
    expectRefused(
      await exchange({
        subject_token: 'x',
        subject_token_type: LOGIN_TOKEN,
        requested_token_type: TokenType.refreshToken,
      }),
      'invalid_request',
      'token_type_unsupported',
      'unsupported requested_token_type urn:ietf:params:oauth:token-type:refresh_token',
    );
    expectRefused(
      await exchange({ subject_token: 'x', subject_token_type: LOGIN_TOKEN, audience: 'https://elsewhere' }),
      'invalid_target',
      'target_unknown',
    );
    expectRefused(
      await exchange({ subject_token: 'x', subject_token_type: LOGIN_TOKEN, actor_token_type: AT }),
      'invalid_request',
      'parameter_missing',
    );
  });
});

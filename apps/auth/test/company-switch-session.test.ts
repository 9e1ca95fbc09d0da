import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, postForm } from '../src/testing.js';
import { manualClock, useAuthServer } from './setup.js';

// A company switch continues the session of the token it is given: it is no
// way to start a new one (a fresh refresh family, a new absolute lifetime,
// out of reach of logout).
const clock = manualClock();
const ids = { acme: '', other: '' };
const t = useAuthServer({ clock: clock.now }, async (db) => {
  await createClient(db, {
    grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT],
    overrides: { refreshTokenIdleTtlSeconds: 3600, refreshTokenAbsoluteTtlSeconds: 7200 },
  });
  const sonia = await createCustomer(db);
  ids.acme = (await createCompanyUser(db, sonia.id)).companyUser.id;
  ids.other = (await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other' })).companyUser.id;
});

type Tokens = { access_token: string; refresh_token: string; id_company_user: string };
const login = async () =>
  (await t.token({ grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' })).body as Tokens;
const switchTo = (accessToken: string, companyUserId: string) =>
  t.token({
    grant_type: TOKEN_EXCHANGE_GRANT,
    client_id: 'storefront',
    subject_token: accessToken,
    subject_token_type: TokenType.accessToken,
    company_user_id: companyUserId,
  });
const refresh = (refreshToken: string) => t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: refreshToken });
const revoke = (token: string) => postForm(`${t.server.url}/token/revocation`, { token, client_id: 'storefront' });

describe('a company switch continues the session', () => {
  it('keeps the session’s start and absolute end, however often it switches', async () => {
    const first = await login();
    clock.advance(3000);
    const fresh = (await refresh(first.refresh_token)).body as Tokens;
    const switched = (await switchTo(fresh.access_token, ids.other)).body as Tokens;
    expect(switched.id_company_user).toBe(ids.other);
    // Switching back (or to the same company user) from the switched token does not restart the clock either.
    const back = (await switchTo(switched.access_token, ids.other)).body as Tokens;
    clock.advance(3000);
    const rotated = await refresh(back.refresh_token);
    expect(rotated.status).toBe(200);
    // 7200 s after the login the session is over, for the switched family too.
    clock.advance(1300);
    expect((await refresh(String(rotated.body.refresh_token))).body).toMatchObject({
      error: 'invalid_grant',
      latchkey_code: 'refresh_token_invalid',
    });
  });

  it('ends with a logout from any of its refresh tokens, for every company user', async () => {
    const first = await login();
    const switched = (await switchTo(first.access_token, ids.other)).body as Tokens;
    expect((await revoke(first.refresh_token)).status).toBe(200);
    expect((await refresh(switched.refresh_token)).body).toMatchObject({ latchkey_code: 'refresh_token_invalid' });
    expect((await switchTo(switched.access_token, ids.acme)).body).toMatchObject({ latchkey_code: 'subject_token_invalid' });

    const again = await login();
    const other = (await switchTo(again.access_token, ids.other)).body as Tokens;
    expect((await revoke(other.refresh_token)).status).toBe(200);
    expect((await refresh(again.refresh_token)).body).toMatchObject({ latchkey_code: 'refresh_token_invalid' });
  });

  it('keeps both company users usable side by side (two tabs)', async () => {
    const tabA = await login();
    const tabB = (await switchTo(tabA.access_token, ids.other)).body as Tokens;
    let [a, b] = [tabA.refresh_token, tabB.refresh_token];
    for (let i = 0; i < 2; i++) {
      const [ra, rb] = [await refresh(a), await refresh(b)];
      expect([ra.body.id_company_user, rb.body.id_company_user]).toEqual([ids.acme, ids.other]);
      [a, b] = [String(ra.body.refresh_token), String(rb.body.refresh_token)];
    }
  });
});

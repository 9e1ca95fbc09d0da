import { parsePolicy, TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
import { createClient, createCustomer } from '../src/testing.js';
import { useAuthServer } from './setup.js';

// Behind one trusted proxy the client is X-Forwarded-For's rightmost entry:
// what the client writes on the left proves nothing.
let sonia = '';
const policy = parsePolicy({ lockout: { account: { maxFailures: 50 }, ip: { maxFailures: 3 } } });
const t = useAuthServer({ policy, trustProxy: true }, async (db) => {
  await createClient(db, { grantTypes: ['password', TOKEN_EXCHANGE_GRANT] });
  sonia = (await createCustomer(db)).id;
});

const redeem = async (requestIp: string, forwardedFor: string) => {
  const { token } = await createLoginToken(t.db.prisma, {
    clientId: 'storefront',
    customerId: sonia,
    expiresAt: new Date(Date.now() + 3_600_000),
    oneTimeUse: true,
    requestIp,
  });
  return t.token(
    { grant_type: TOKEN_EXCHANGE_GRANT, client_id: 'storefront', subject_token: token, subject_token_type: TokenType.loginToken },
    { 'x-forwarded-for': forwardedFor },
  );
};

describe('X-Forwarded-For behind one trusted proxy', () => {
  it('binds a login token to the address the proxy saw, not one the client wrote', async () => {
    expect((await redeem('10.1.2.3', '10.1.2.3, 198.51.100.1')).body).toMatchObject({ latchkey_code: 'login_token_ip_mismatch' });
    expect((await redeem('10.1.2.3', '198.51.100.1, 10.1.2.3')).status).toBe(200);
  });

  it('counts failed logins per real address, however the left entry rotates', async () => {
    const attempt = (i: number) =>
      t.token(
        { grant_type: 'password', client_id: 'storefront', username: `who${i}@example.com`, password: 'nope' },
        { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.77` },
      );
    for (let i = 0; i < 3; i++) expect((await attempt(i)).body.latchkey_code).toBe('invalid_credentials');
    expect((await attempt(3)).body.latchkey_code).toBe('ip_locked');
  });
});

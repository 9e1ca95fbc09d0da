import { parsePolicy } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { createClient, createCustomer } from '../src/testing.js';
import { isPostgres, useAuthServer } from './setup.js';

// A burst of concurrent guesses must not outrun the lockout: each attempt is
// reserved before argon2 runs. PGlite runs one query at a time; CI runs this
// file again on PostgreSQL, where the requests really do race.
const policy = parsePolicy({ lockout: { account: { maxFailures: 5 }, ip: { maxFailures: 5 } } });
const t = useAuthServer({ policy, trustProxy: true, hashingConcurrency: 4 }, async (db) => {
  await createClient(db);
  await createCustomer(db);
});

const guess = (username: string, password: string, ip: string) =>
  t.token({ grant_type: 'password', client_id: 'storefront', username, password }, { 'x-forwarded-for': ip });

const tally = (answers: Awaited<ReturnType<typeof guess>>[]) => {
  const codes = new Map<string, number>();
  for (const a of answers)
    codes.set(String(a.body.latchkey_code ?? a.status), (codes.get(String(a.body.latchkey_code ?? a.status)) ?? 0) + 1);
  return Object.fromEntries(codes);
};

describe(`lockout under a burst of 30 concurrent guesses (${isPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('evaluates at most the account rule’s limit; the rest get the lock with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => guess('sonia@example.com', `wrong-${i}`, `198.51.100.${i + 1}`)),
    );
    expect(tally(answers)).toEqual({ invalid_credentials: 5, account_locked: 25 });
    for (const a of answers.filter((x) => x.body.latchkey_code === 'account_locked')) {
      expect(a.status).toBe(400);
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The right password is refused too while the lock holds.
    expect((await guess('sonia@example.com', 'change123', '198.51.100.200')).body.latchkey_code).toBe('account_locked');
  });

  it('evaluates at most the IP rule’s limit across account names', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(`nobody${i}@example.com`, 'wrong', '203.0.113.50')));
    expect(tally(answers)).toEqual({ invalid_credentials: 5, ip_locked: 25 });
    for (const a of answers.filter((x) => x.body.latchkey_code === 'ip_locked')) {
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('gives a successful login’s reservation back to the IP', async () => {
    await createCustomer(t.db, { email: 'ok@example.com' });
    for (let i = 0; i < 8; i++) expect((await guess('ok@example.com', 'change123', '203.0.113.60')).status).toBe(200);
    expect(await t.db.prisma.loginFailureCounter.findUnique({ where: { key: 'ip:203.0.113.60' } })).toMatchObject({ failures: 0 });
  });
});

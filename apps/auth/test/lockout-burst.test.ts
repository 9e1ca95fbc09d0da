import { parsePolicy } from '@latchkey/core';
import { accountCounterKey } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
import { createClient, createCustomer } from '../src/testing.js';
import { isPostgres, useAuthServer } from './setup.js';

// A burst of concurrent guesses must not outrun the lockout: an attempt is
// told it failed only if the account's counter takes the failure (one
// conditional write after argon2), and the IP is reserved before argon2. A
// burst of logins with the right password is no failure and must not meet the
// lock. PGlite runs one query at a time; CI runs this file again on
// PostgreSQL, where the requests really do race.
const policy = parsePolicy({ lockout: { account: { maxFailures: 5 }, ip: { maxFailures: 5 } } });
const t = useAuthServer({ policy, trustProxy: true, hashingConcurrency: 4 }, async (db) => {
  await createClient(db);
  await createCustomer(db);
  await createCustomer(db, { email: 'many@example.com' });
  await createCustomer(db, { email: 'mixed@example.com' });
  await createCustomer(db, { email: 'mixed-more@example.com' });
});

const guess = (username: string, password: string, ip: string) =>
  t.token({ grant_type: 'password', client_id: 'storefront', username, password }, { 'x-forwarded-for': ip });

/** Distinct addresses: the IP rule of this file (5) is not what these bursts are about. */
const ipOf = (i: number, subnet: number) => `198.18.${subnet}.${i + 1}`;

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

  it('lets 20 concurrent logins of one account with the right password all in', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => guess('many@example.com', 'change123', ipOf(i, 1))));
    expect(tally(answers)).toEqual({ 200: 20 });
  });

  it('never locks an account for right passwords in flight beside wrong ones', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => guess('mixed@example.com', 'change123', ipOf(i, 2))),
      ...Array.from({ length: 4 }, (_, i) => guess('mixed@example.com', `wrong-${i}`, ipOf(i, 3))),
    ]);
    expect(tally(answers.slice(0, 20))).toEqual({ 200: 20 });
    expect(tally(answers.slice(20))).toEqual({ invalid_credentials: 4 });
  });

  it('in a burst of right and wrong passwords, tells a failure only while the count allows it', async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => guess('mixed-more@example.com', 'change123', ipOf(i, 4))),
      ...Array.from({ length: 30 }, (_, i) => guess('mixed-more@example.com', `wrong-${i}`, ipOf(i, 5))),
    ]);
    const right = tally(answers.slice(0, 10));
    const wrong = tally(answers.slice(10));
    expect(Object.keys(right).every((code) => code === '200' || code === 'account_locked')).toBe(true);
    expect(Object.keys(wrong).every((code) => code === 'invalid_credentials' || code === 'account_locked')).toBe(true);
    // A success starts the count again only for attempts begun after it (packages/db settleLoginAttempt);
    // this burst's may begin after one, so only the count per success is bounded here (the exact bound for
    // attempts begun together is packages/db/test/consume-once.test.ts').
    expect(wrong.invalid_credentials ?? 0).toBeLessThanOrEqual(5 * (1 + (right[200] ?? 0)));
    expect(wrong.invalid_credentials ?? 0).toBeGreaterThanOrEqual(5);
    const counter = await t.db.prisma.loginFailureCounter.findUnique({
      where: { key: accountCounterKey('customer', 'mixed-more@example.com') },
    });
    expect(counter?.failures ?? 0).toBeLessThanOrEqual(5);
  });
});

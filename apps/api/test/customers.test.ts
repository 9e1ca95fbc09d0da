import { createOidcPayloadStore, verifyPassword } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, customerFixture, expectInvalid, failure, type Harness, latchkeyCode, shapeOf } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const MISSING = '00000000-0000-7000-8000-000000000000';

async function storeSession(accountId: string, grantId: string) {
  const store = createOidcPayloadStore(h.db.sql, () => h.clock.now);
  await store.upsert('Grant', grantId, { accountId, clientId: 'storefront', kind: 'Grant' }, 3600);
  await store.upsert('RefreshToken', `${grantId}-refresh`, { accountId, clientId: 'storefront', grantId, kind: 'RefreshToken' }, 3600);
}

describe('customers', () => {
  it('creates a customer: email normalised, password hashed, reference defaulting to the id, nothing of the hash answered', async () => {
    const created = await h.admin.customers.create({
      email: '  Grace.Hopper@Example.COM ',
      password: 'a long enough password',
      firstName: 'Grace',
      lastName: 'Hopper',
      emailVerified: true,
    });
    expect(created).toMatchObject({
      email: 'grace.hopper@example.com',
      firstName: 'Grace',
      emailVerified: true,
      status: 'active',
      emailVerifiedAt: h.clock.now.toISOString(),
    });
    expect(created.reference).toBe(created.id);
    expect(JSON.stringify(created)).not.toMatch(/argon2|passwordHash/);
    const row = await h.db.prisma.customer.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, 'a long enough password')).toBe(true);
    expect(await h.admin.customers.get({ id: created.id })).toEqual(created);
  });

  it('takes the commerce system reference when given', async () => {
    const created = await h.admin.customers.create({
      email: 'ref@example.com',
      password: 'password1',
      firstName: 'R',
      lastName: 'F',
      emailVerified: false,
      reference: 'DE--42',
    });
    expect(created).toMatchObject({ reference: 'DE--42', emailVerified: false, emailVerifiedAt: null });
  });

  it('answers CONFLICT for a taken email or reference', async () => {
    await customerFixture(h, 'taken@example.com');
    const clash = await failure(customerFixture(h, 'TAKEN@example.com'));
    expect([clash.code, latchkeyCode(clash)]).toEqual(['CONFLICT', 'already_exists']);
    expect(clash.message).toContain('email');
    expect(
      (
        await failure(
          h.admin.customers.create({
            email: 'other@example.com',
            password: 'password1',
            firstName: 'a',
            lastName: 'b',
            emailVerified: false,
            reference: 'DE--42',
          }),
        )
      ).code,
    ).toBe('CONFLICT');
  });

  it('rejects bad input with the zod issues', async () => {
    await expectInvalid(
      h.admin.customers.create({ email: 'not-an-email', password: 'password1', firstName: 'a', lastName: 'b', emailVerified: true }),
      ['email'],
    );
    await expectInvalid(
      h.admin.customers.create({ email: 'short@example.com', password: 'short', firstName: 'a', lastName: 'b', emailVerified: true }),
      ['password'],
    );
    await expectInvalid(
      h.admin.customers.create({
        email: 'long@example.com',
        password: 'x'.repeat(1025),
        firstName: 'a',
        lastName: 'b',
        emailVerified: true,
      }),
      ['password'],
    );
    await expectInvalid(h.admin.customers.get({ id: 'nope' }), ['id']);
    await expectInvalid(
      h.admin.customers.create({
        email: 'x@example.com',
        password: 'password1',
        firstName: 'a',
        lastName: 'b',
        emailVerified: true,
        // @ts-expect-error -- an unknown field is refused, not ignored
        passwordHash: 'x',
      }),
      [],
    );
    const shape = shapeOf(await failure(h.admin.customers.get({ id: 'nope' })));
    expect(shape.data).not.toHaveProperty('stack');
    expect(shape.data.zodError).toEqual([expect.objectContaining({ path: ['id'], code: 'invalid_format' })]);
  });

  it('answers NOT_FOUND for a missing customer, on every procedure taking an id', async () => {
    expect((await failure(h.admin.customers.get({ id: MISSING }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.customers.update({ id: MISSING, firstName: 'x' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.customers.delete({ id: MISSING }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.customers.setPassword({ id: MISSING, password: 'password1' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.customers.revokeSessions({ id: MISSING }))).code).toBe('NOT_FOUND');
  });

  it('updates names, email, status, reference and verification', async () => {
    const c = await customerFixture(h, 'update@example.com');
    const updated = await h.admin.customers.update({
      id: c.id,
      firstName: 'Augusta',
      email: 'Ada@Example.com',
      status: 'disabled',
      reference: 'DE--7',
      emailVerified: true,
    });
    expect(updated).toMatchObject({
      firstName: 'Augusta',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      status: 'disabled',
      reference: 'DE--7',
      emailVerifiedAt: c.emailVerifiedAt,
    });
    expect((await h.admin.customers.update({ id: c.id, emailVerified: false })).emailVerified).toBe(false);
    expect((await failure(h.admin.customers.update({ id: c.id, email: 'taken@example.com' }))).code).toBe('CONFLICT');
  });

  it('lists with search, filters and a cursor', async () => {
    for (const n of [1, 2, 3, 4, 5]) await customerFixture(h, `list${n}@shop.example`, ['Lister', `Number${n}`]);
    const first = await h.admin.customers.list({ search: 'shop.example', limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await h.admin.customers.list({ search: 'shop.example', limit: 10, cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((c) => c.email).sort()).toEqual([
      'list1@shop.example',
      'list2@shop.example',
      'list3@shop.example',
      'list4@shop.example',
      'list5@shop.example',
    ]);
    await expectInvalid(h.admin.customers.list({ search: 'li n' }), ['search']);
    const byName = await h.admin.customers.list({ search: 'NUMBER3' });
    expect(byName.items.map((c) => c.email)).toEqual(['list3@shop.example']);
    // Exact e-mail first, then e-mails that start with the term, whatever the case.
    const ranked = await h.admin.customers.list({ search: 'LIST4@shop.example' });
    expect(ranked.items.map((c) => c.email)).toEqual(['list4@shop.example']);
    expect((await h.admin.customers.list({ search: 'ister numb' })).items).toHaveLength(5);
    const asc = await h.admin.customers.list({ sort: { field: 'lastName', direction: 'asc' } });
    const listers = asc.items.filter((c) => c.firstName === 'Lister').map((c) => c.lastName);
    expect(listers).toEqual(['Number1', 'Number2', 'Number3', 'Number4', 'Number5']);
    expect((await h.admin.customers.list({ status: 'disabled' })).items.every((c) => c.status === 'disabled')).toBe(true);
    expect((await h.admin.customers.list({ email: 'LIST2@shop.example' })).items).toHaveLength(1);
    expect(JSON.stringify(await h.admin.customers.list())).not.toContain('argon2');
  });

  it('sets a password, logging the customer out everywhere unless told not to', async () => {
    const c = await customerFixture(h, 'password@example.com');
    await storeSession(c.id, 'grant-pw-1');
    expect(await h.admin.customers.setPassword({ id: c.id, password: 'brand new password' })).toEqual({ id: c.id, revokedSessions: 2 });
    const row = await h.db.prisma.customer.findUniqueOrThrow({ where: { id: c.id } });
    expect(await verifyPassword(row.passwordHash!, 'brand new password')).toBe(true);
    await storeSession(c.id, 'grant-pw-2');
    expect(await h.admin.customers.setPassword({ id: c.id, password: 'another password', revokeSessions: false })).toEqual({
      id: c.id,
      revokedSessions: 0,
    });
    expect(await h.db.prisma.oidcPayload.count({ where: { accountId: c.id } })).toBe(2);
  });

  it('revokes every session of one customer, and only that customer', async () => {
    const c = await customerFixture(h, 'sessions@example.com');
    const other = await customerFixture(h, 'bystander@example.com');
    await storeSession(c.id, 'grant-a');
    await storeSession(c.id, 'grant-b');
    await storeSession(other.id, 'grant-c');
    expect(await h.admin.customers.revokeSessions({ id: c.id })).toEqual({ id: c.id, count: 4 });
    expect(await h.db.prisma.oidcPayload.count({ where: { accountId: c.id } })).toBe(0);
    expect(await h.db.prisma.oidcPayload.count({ where: { accountId: other.id } })).toBe(2);
  });

  it('deletes a customer with their sessions', async () => {
    const c = await customerFixture(h, 'delete@example.com');
    await storeSession(c.id, 'grant-del');
    expect(await h.admin.customers.delete({ id: c.id })).toEqual({ id: c.id, revokedSessions: 2 });
    expect((await failure(h.admin.customers.get({ id: c.id }))).code).toBe('NOT_FOUND');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, failure, type Harness, latchkeyCode, shapeOf } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

describe('errors clients see', () => {
  it('hide what an unexpected failure says, and never carry a stack', async () => {
    const broken = await createHarness();
    await broken.dispose();
    const error = await failure(broken.admin.customers.list());
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    const shape = shapeOf(error);
    expect(shape.message).toBe('Internal server error');
    expect(shape.data).toEqual({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, latchkeyCode: 'server_error', zodError: null });
  });

  it('keep the message of an expected failure', async () => {
    const shape = shapeOf(await failure(h.admin.customers.get({ id: '00000000-0000-7000-8000-000000000000' })));
    expect(shape).toMatchObject({
      message: 'customer not found',
      data: { code: 'NOT_FOUND', httpStatus: 404, latchkeyCode: 'not_found', zodError: null },
    });
    expect(shape.data).not.toHaveProperty('stack');
  });

  it('name the clashing field of a unique violation', async () => {
    const company = await h.admin.companies.create({ name: 'Clash' });
    await h.admin.companyRoles.create({ companyId: company.id, name: 'R' });
    const shape = shapeOf(await failure(h.admin.companyRoles.create({ companyId: company.id, name: 'R' })));
    expect(shape).toMatchObject({ data: { code: 'CONFLICT', httpStatus: 409, latchkeyCode: 'already_exists', zodError: null } });
    // PGlite's driver names the columns, pg's the index: both say which fields clash.
    expect(shape.message).toMatch(/^already exists: (company_id, name|company_id_name)$/);
  });
});

describe('NUL characters', () => {
  it('are refused at the edge in any field, nested or not, before PostgreSQL sees them', async () => {
    const h = await createHarness();
    try {
      for (const call of [
        h.admin.companies.create({ name: 'ACME\u0000' }),
        h.admin.customers.list({ search: 'a\u0000' }),
        h.admin.grants.revoke({ grantId: 'g\u0000' }),
      ]) {
        const error = await failure(call);
        expect(error.code).toBe('BAD_REQUEST');
        expect(latchkeyCode(error)).toBe('input_contains_nul');
        expect(error.message).toBe('input must not contain NUL (U+0000) characters');
      }
      const client = await h.admin.clients.create({
        id: 'nul-shop',
        name: 'Shop',
        type: 'public',
        subjectType: 'customer',
        grantTypes: ['password'],
        scopes: [],
        redirectUris: [],
        corsOrigins: [],
      });
      expect(
        (await failure(h.admin.loginTokens.create({ clientId: client.client.id, extra: { note: { deep: ['a\u0000b'] } } }))).code,
      ).toBe('BAD_REQUEST');
      expect((await failure(h.admin.loginTokens.create({ clientId: client.client.id, extra: { 'k\u0000': 1 } }))).code).toBe('BAD_REQUEST');
    } finally {
      await h.dispose();
    }
  });
});

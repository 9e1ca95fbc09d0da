import { verifyPassword } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectInvalid, failure, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const agent = (email: string, canImpersonate = true) =>
  h.admin.agents.create({ email, password: 'sales rep password', firstName: 'Sam', lastName: 'Seller', canImpersonate });

describe('agents', () => {
  it('creates, reads, updates and deletes an agent without ever answering the hash', async () => {
    const created = await agent(' Rep@Example.com ');
    expect(created).toMatchObject({ email: 'rep@example.com', status: 'active', canImpersonate: true });
    expect(Object.keys(created)).not.toContain('passwordHash');
    expect(await h.admin.agents.get({ id: created.id })).toEqual(created);
    const row = await h.db.prisma.agent.findUniqueOrThrow({ where: { id: created.id } });
    expect(await verifyPassword(row.passwordHash!, 'sales rep password')).toBe(true);

    const updated = await h.admin.agents.update({ id: created.id, canImpersonate: false, status: 'disabled', lastName: 'Closer' });
    expect(updated).toMatchObject({ canImpersonate: false, status: 'disabled', lastName: 'Closer' });
    await h.admin.agents.setPassword({ id: created.id, password: 'rotated password' });
    const changed = await h.db.prisma.agent.findUniqueOrThrow({ where: { id: created.id } });
    expect(await verifyPassword(changed.passwordHash!, 'rotated password')).toBe(true);

    expect(await h.admin.agents.delete({ id: created.id })).toEqual({ id: created.id });
    expect((await failure(h.admin.agents.get({ id: created.id }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.agents.delete({ id: created.id }))).code).toBe('NOT_FOUND');
  });

  it('answers CONFLICT for a taken email and BAD_REQUEST for bad input', async () => {
    await agent('dup@example.com');
    expect((await failure(agent('DUP@example.com'))).code).toBe('CONFLICT');
    await expectInvalid(h.admin.agents.create({ email: 'x@example.com', password: '1234567', firstName: 'a', lastName: 'b' }), [
      'password',
    ]);
    await expectInvalid(h.admin.agents.create({ email: 'x@example.com', password: '12345678', firstName: '  ', lastName: 'b' }), [
      'firstName',
    ]);
  });

  it('lists with filters and a cursor', async () => {
    await agent('a1@agents.example', false);
    await agent('a2@agents.example', true);
    await agent('a3@agents.example', false);
    const page1 = await h.admin.agents.list({ search: 'agents.example', limit: 2 });
    const page2 = await h.admin.agents.list({ search: 'agents.example', limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((a) => a.email)).toEqual(['a3@agents.example', 'a2@agents.example', 'a1@agents.example']);
    expect(page2.nextCursor).toBeNull();
    const noImpersonation = await h.admin.agents.list({
      search: 'agents.example',
      canImpersonate: false,
      sort: { field: 'email', direction: 'asc' },
    });
    expect(noImpersonation.items.map((a) => a.email)).toEqual(['a1@agents.example', 'a3@agents.example']);
  });
});

import { verifyPassword } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectInvalid, failure, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

type Role = 'viewer' | 'editor' | 'impersonator';
const agent = (email: string, roles: Role[] = ['impersonator'], names: [string, string] = ['Sam', 'Seller']) =>
  h.admin.agents.create({ email, password: 'sales rep password', firstName: names[0], lastName: names[1], roles });

describe('agents', () => {
  it('creates, reads, updates and deletes an agent without ever answering the hash', async () => {
    const created = await agent(' Rep@Example.com ');
    expect(created).toMatchObject({ email: 'rep@example.com', status: 'active', roles: ['impersonator'] });
    expect(Object.keys(created)).not.toContain('passwordHash');
    expect(await h.admin.agents.get({ id: created.id })).toEqual(created);
    const row = await h.db.prisma.agent.findUniqueOrThrow({ where: { id: created.id } });
    expect(await verifyPassword(row.passwordHash!, 'sales rep password')).toBe(true);

    const updated = await h.admin.agents.update({
      id: created.id,
      roles: ['editor', 'viewer', 'editor'],
      status: 'disabled',
      lastName: 'Closer',
    });
    expect(updated).toMatchObject({ roles: ['viewer', 'editor'], status: 'disabled', lastName: 'Closer' });
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

  it('lists with filters and a cursor, and searches in rank order', async () => {
    await agent('a1@agents.example', ['viewer'], ['Vera', 'Viewer']);
    await agent('a2@agents.example', ['impersonator', 'editor'], ['Ed', 'Itor']);
    await agent('a3@agents.example', ['viewer']);
    const page1 = await h.admin.agents.list({ limit: 2, role: 'viewer' });
    expect(page1.items.map((a) => a.email)).toEqual(['a3@agents.example', 'a1@agents.example']);
    expect(page1.nextCursor).toBeNull();
    const editors = await h.admin.agents.list({ role: 'editor', sort: { field: 'email', direction: 'asc' } });
    expect(editors.items.map((a) => a.email)).toEqual(['a2@agents.example']);

    const search1 = await h.admin.agents.list({ search: 'AGENTS.example', limit: 2 });
    const search2 = await h.admin.agents.list({ search: 'AGENTS.example', limit: 2, cursor: search1.nextCursor! });
    expect([...search1.items, ...search2.items].map((a) => a.email).sort()).toEqual([
      'a1@agents.example',
      'a2@agents.example',
      'a3@agents.example',
    ]);
    expect(search2.nextCursor).toBeNull();
    expect((await failure(h.admin.agents.list({ search: 'other', cursor: search1.nextCursor! }))).code).toBe('BAD_REQUEST');
    expect((await h.admin.agents.list({ search: 'a1@agents.example' })).items.map((a) => a.email)).toEqual(['a1@agents.example']);
    expect((await h.admin.agents.list({ search: 'vera view' })).items.map((a) => a.email)).toEqual(['a1@agents.example']);
    expect((await h.admin.agents.list({ search: 'agents', role: 'editor' })).items.map((a) => a.email)).toEqual(['a2@agents.example']);
  });
});

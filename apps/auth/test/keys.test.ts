import { createSecretBox, rotateSigningKey } from '@latchkey/db';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClient, createCustomer, TEST_SECRET_KEY } from '../src/testing.js';
import { manualClock, useAuthServer } from './setup.js';

const clock = manualClock();
const t = useAuthServer({ clock: clock.now }, async (db) => {
  await createClient(db);
  await createCustomer(db);
});
const login = async () =>
  String(
    (await t.token({ grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' })).body
      .access_token,
  );
const kids = async () =>
  ((await fetch(`${t.server.url}/jwks`).then((r) => r.json())) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe('signing key rotation', () => {
  it('publishes the new key before it signs, then signs with it and keeps publishing the old one', async () => {
    const before = await login();
    const oldKid = kidOf(before);
    const { kid } = await rotateSigningKey(t.db.prisma, createSecretBox(TEST_SECRET_KEY), clock.now());
    expect(await t.server.auth.reloadKeys()).toBe(true);
    expect(await t.server.auth.reloadKeys()).toBe(false);
    expect(await kids()).toEqual([oldKid, kid]);
    expect(kidOf(await login())).toBe(oldKid);

    clock.advance(60);
    expect(await t.server.auth.reloadKeys()).toBe(true);
    const after = await login();
    expect(kidOf(after)).toBe(kid);
    expect(await kids()).toEqual([kid, oldKid]);
    await expect(t.verify(before)).resolves.toBeDefined();
    await expect(t.verify(after)).resolves.toBeDefined();
  });
});

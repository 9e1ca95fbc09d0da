import { parsePolicy } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { getErrorShape, TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { appRouter, type Context, createCaller, type ErrorShape, type Identity } from '../src/index.js';

const READ_WRITE: Identity = { clientId: 'backoffice', scopes: ['admin:read', 'admin:write'] };
export const SECRET_KEY = 'test-secret-key-test-secret-key-0123456789';

// argon2id at its cheapest: the tests are about the API, not the hash's cost.
export const testPolicy = parsePolicy({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });

export type Harness = {
  db: TestDb;
  clock: { now: Date };
  context(identity?: Identity | null): Context;
  /** A caller with both admin scopes, as the back office holds them. */
  admin: ReturnType<typeof createCaller>;
  as(identity: Identity | null): ReturnType<typeof createCaller>;
  dispose(): Promise<void>;
};

/** A fresh database and callers on it; each test file builds its own. */
export async function createHarness(now = new Date('2026-11-22T12:00:00.000Z')): Promise<Harness> {
  const db = await createTestDb();
  const clock = { now };
  const secretBox = createSecretBox(SECRET_KEY);
  const context = (identity: Identity | null = READ_WRITE): Context => ({
    db,
    policy: testPolicy,
    secretBox,
    clock: () => clock.now,
    identity,
    ip: '203.0.113.7',
  });
  return {
    db,
    clock,
    context,
    admin: createCaller(context()),
    as: (identity) => createCaller(context(identity)),
    dispose: () => db.dispose(),
  };
}

/** The TRPCError a call fails with (and a test failure if it succeeds or throws something else). */
export async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** What a client would receive for this error, through the router's own formatter. */
export const shapeOf = (error: TRPCError): ErrorShape =>
  getErrorShape({ config: appRouter._def._config, error, type: 'unknown', path: undefined, input: undefined, ctx: undefined });

/** The refusal code a client would read in `data.latchkeyCode`. */
export const latchkeyCode = (error: TRPCError): string => shapeOf(error).data.latchkeyCode;

/** Asserts a BAD_REQUEST whose zod issues point at `path`. */
export async function expectInvalid(call: Promise<unknown>, path: (string | number)[]): Promise<void> {
  const error = await failure(call);
  expect(error.code).toBe('BAD_REQUEST');
  expect(latchkeyCode(error)).toBe('input_invalid');
  const issues = shapeOf(error).data.zodError;
  expect(issues, error.message).not.toBeNull();
  expect(issues!.map((issue) => issue.path)).toContainEqual(path);
}

export async function customerFixture(h: Harness, email: string, names: [string, string] = ['Ada', 'Lovelace']) {
  return h.admin.customers.create({
    email,
    password: 'correct horse battery',
    firstName: names[0],
    lastName: names[1],
    emailVerified: true,
  });
}

export async function clientFixture(h: Harness, id = 'storefront') {
  return h.admin.clients.create({ id, name: id, type: 'public', grantTypes: ['password', 'refresh_token'] });
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPolicy } from '@latchkey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPolicyFile } from '../src/policy-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'latchkey-policy-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const full = path.join(dir, name);
  await writeFile(full, content);
  return full;
}

describe('LATCHKEY_POLICY_FILE', () => {
  it('gives the defaults without a file', () => {
    expect(readPolicyFile(undefined)).toEqual({ ok: true, policy: defaultPolicy });
  });

  it('reads the keys it names over the defaults', async () => {
    const read = readPolicyFile(await file('ttl.json', JSON.stringify({ accessToken: { ttlSeconds: 60 } })));
    expect(read.ok && read.policy.accessToken.ttlSeconds).toBe(60);
    expect(read.ok && read.policy.refreshToken).toEqual(defaultPolicy.refreshToken);
  });

  it('refuses refreshToken.rotate by name: refresh tokens always rotate', async () => {
    const read = readPolicyFile(await file('rotate.json', JSON.stringify({ refreshToken: { rotate: false } })));
    expect(read).toEqual({ ok: false, problems: ['LATCHKEY_POLICY_FILE: unknown key refreshToken.rotate'] });
  });

  it('names every unknown key and every bad value at once', async () => {
    const read = readPolicyFile(await file('many.json', JSON.stringify({ acessToken: {}, lockout: { account: { maxFailures: 0 } } })));
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : [...read.problems].sort()).toEqual([
      expect.stringMatching(/^LATCHKEY_POLICY_FILE: lockout\.account\.maxFailures: /),
      'LATCHKEY_POLICY_FILE: unknown key acessToken',
    ]);
  });

  it('refuses a file that is not JSON, naming the file', async () => {
    const name = await file('broken.json', '{ "accessToken": ');
    const read = readPolicyFile(name);
    expect(read.ok ? '' : read.problems[0]).toContain(`LATCHKEY_POLICY_FILE: ${name}: `);
  });
});

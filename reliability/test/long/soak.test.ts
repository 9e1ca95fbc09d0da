import { Agent } from 'node:http';
import { createApiServer } from '@latchkey/api';
import { basicAuth, createClient, createCompanyUser, createCustomer, postForm } from '@latchkey/auth/testing';
import { parsePolicy, TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import { createLoginToken, createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/env.js';
import { createRng } from '../../src/prng.js';
import { type AuthProcess, startAuthProcess } from '../../src/process/auth-process.js';
import { freePort } from '../../src/process/free-port.js';
import { sampleRss } from '../../src/process/rss.js';
import { figure, formatTally, leastSquares } from '../../src/report.js';
import { OPERATIONS, runMixedLoad } from '../../src/soak/mixed-load.js';

const settings = readSettings();
const SECRET_KEY = 'latchkey-soak-test-secret-key-0123456789';
const ADMIN_SECRET = 'lks_soak-admin-secret-0123456789abcdefghijk';
const SECONDS = settings.RELIABILITY_SOAK_SECONDS ?? 5;
const SMOKE = settings.RELIABILITY_SOAK_SECONDS === undefined;
if (!settings.DATABASE_URL)
  figure('soak: skipped, it needs PostgreSQL (set DATABASE_URL): the auth process and the api share the database');

let db: TestDb;
let auth: AuthProcess | null = null;
let api: { url: string; close(): Promise<void> } | null = null;

describe.skipIf(!settings.DATABASE_URL)(
  `soak: ${SECONDS} s of mixed load${SMOKE ? ' (smoke; RELIABILITY_SOAK_SECONDS=300 for the soak)' : ''}`,
  () => {
    beforeAll(async () => {
      db = await createTestDb();
      await createClient(db, { id: 'storefront', grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT] });
      await createClient(db, {
        id: 'back-office',
        type: 'confidential',
        secret: ADMIN_SECRET,
        grantTypes: ['client_credentials'],
        scopes: ['admin:read', 'admin:write'],
        // It introspects the storefront's tokens too, as a resource server.
        extra: { canIntrospect: true },
      });
      auth = await startAuthProcess({ databaseEnv: db.processEnv, port: await freePort(), secretKey: SECRET_KEY });
      api = await createApiServer({ db, policy: parsePolicy(), secretBox: createSecretBox(SECRET_KEY), issuer: auth.url }).listen(
        0,
        '127.0.0.1',
      );
    });
    afterAll(async () => {
      await api?.close();
      await auth?.kill9();
      await db?.dispose();
    });

    it('answers every operation and reports the auth process RSS trend', { timeout: (SECONDS + 120) * 1000 }, async () => {
      // Production argon2 parameters: the password grant's cost is part of what a soak should carry.
      const customer = await createCustomer(db, { email: 'soak@example.com', password: 'soak-password-1' });
      await createCompanyUser(db, customer.id);
      const other = await createCompanyUser(db, customer.id, { isDefault: false, companyName: 'Second' });
      const admin = await postForm(
        `${auth!.url}/token`,
        { grant_type: 'client_credentials' },
        { authorization: basicAuth('back-office', ADMIN_SECRET) },
      );
      expect(admin.status).toBe(200);

      const agent = new Agent({ keepAlive: true, maxSockets: settings.RELIABILITY_CONCURRENCY });
      const expiresAt = () => new Date(Date.now() + 3600_000);
      const rss = sampleRss(auth!.pid);
      const result = await runMixedLoad(
        {
          authUrl: auth!.url,
          apiUrl: api!.url,
          agent,
          clientId: 'storefront',
          customer: { username: 'soak@example.com', password: 'soak-password-1' },
          otherCompanyUserId: other.companyUser.id,
          introspection: { authorization: basicAuth('back-office', ADMIN_SECRET) },
          adminToken: String(admin.body.access_token),
          mintLoginToken: async () =>
            (
              await createLoginToken(db.prisma, {
                clientId: 'storefront',
                customerId: customer.id,
                expiresAt: expiresAt(),
                oneTimeUse: true,
              })
            ).token,
        },
        { seconds: SECONDS, concurrency: settings.RELIABILITY_CONCURRENCY, rng: createRng(settings.seed) },
      );
      const samples = await rss.stop();
      agent.destroy();

      const total = OPERATIONS.reduce((sum, op) => sum + result.ok.get(op)! + result.failed.get(op)!, 0);
      figure(
        `soak: ${total} operations in ${result.seconds.toFixed(1)} s (${Math.round(total / result.seconds)}/s), ${settings.RELIABILITY_CONCURRENCY} at a time, against auth process ${auth!.pid}`,
      );
      figure(formatTally('soak: 200s', result.ok));
      figure(formatTally('soak: failures', result.failed));
      for (const example of result.examples) figure(`soak: failure ${example}`);
      const mbs = samples.map((s) => s.mb);
      const { slope } = leastSquares(samples.map((s) => [s.seconds / 60, s.mb] as const));
      figure(
        `soak: auth RSS over ${samples.length} samples (1/s): first ${mbs[0]?.toFixed(1)} MB, last ${mbs[mbs.length - 1]?.toFixed(1)} MB, min ${Math.min(...mbs).toFixed(1)} MB, max ${Math.max(...mbs).toFixed(1)} MB, least-squares slope ${slope.toFixed(2)} MB/min${SMOKE ? ' (a smoke run is too short for a trend)' : ''}`,
      );
      if (samples.length > 20)
        figure(
          `soak: RSS every 10 s: ${samples
            .filter((_, i) => i % 10 === 0)
            .map((s) => s.mb.toFixed(0))
            .join(' ')} MB`,
        );

      expect(result.examples).toEqual([]);
      expect(samples.length).toBeGreaterThanOrEqual(Math.floor(SECONDS) - 1);
      expect(
        OPERATIONS.filter((op) => result.ok.get(op) === 0),
        'operations that never succeeded',
      ).toEqual([]);
    });
  },
);

import { randomBytes } from 'node:crypto';
import { postForm, startAuthServer } from '@latchkey/auth/testing';
import { type Db, hashToken, type Prisma, randomToken, type SecretBox } from '@latchkey/db';
import { bulkInsert } from './bulk-insert.js';
import { CLIENTS } from './plan.js';
import type { Customer } from './world.js';

type Row = Prisma.OidcPayloadCreateManyInput;
type Json = Record<string, unknown>;

export type Template = { grant: Row; refreshToken: Row; accessToken: string };

const toCreateInput = (row: {
  payload: Prisma.JsonValue;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  accountId: string | null;
  clientId: string | null;
  expiresAt: Date | null;
  kind: string;
  id: string;
}): Row => ({
  kind: row.kind,
  id: row.id,
  payload: row.payload as Prisma.InputJsonObject,
  grantId: row.grantId,
  uid: row.uid,
  userCode: row.userCode,
  accountId: row.accountId,
  clientId: row.clientId,
  expiresAt: row.expiresAt,
});

/**
 * One real session, made by Latchkey itself: a password grant against an
 * in-process auth server on the bench database. Its stored grant and
 * refresh token are the template every pre-minted session is cloned from.
 */
export async function mintTemplate(db: Db, secretBox: SecretBox, customer: Customer): Promise<Template> {
  const running = await startAuthServer(db, { secretBox });
  try {
    const response = await postForm(`${running.url}/token`, {
      grant_type: 'password',
      client_id: CLIENTS.storefront,
      username: customer.email,
      password: customer.password,
    });
    const refreshToken = response.body.refresh_token;
    if (response.status !== 200 || typeof refreshToken !== 'string')
      throw new Error(`template password grant failed: ${response.status} ${JSON.stringify(response.body)}`);
    const stored = await db.prisma.oidcPayload.findUniqueOrThrow({
      where: { kind_id: { kind: 'RefreshToken', id: hashToken(refreshToken) } },
    });
    const grant = await db.prisma.oidcPayload.findUniqueOrThrow({ where: { kind_id: { kind: 'Grant', id: stored.grantId! } } });
    return { grant: toCreateInput(grant), refreshToken: toCreateInput(stored), accessToken: String(response.body.access_token) };
  } finally {
    await running.close();
  }
}

/**
 * A new session for `customer` exactly as the template stores one: its own
 * grant and an unused refresh token of it. Only the ids and the subject
 * differ from what the password grant wrote.
 */
function cloneSession(template: Template, customer: Customer): { value: string; rows: [Row, Row] } {
  const grantId = randomBytes(16).toString('base64url');
  const value = randomToken();
  const grantPayload = template.grant.payload as Json;
  const tokenPayload = template.refreshToken.payload as Json;
  const session = tokenPayload.session as Json;
  return {
    value,
    rows: [
      {
        ...template.grant,
        id: grantId,
        accountId: customer.id,
        payload: { ...grantPayload, accountId: customer.id } as Prisma.InputJsonObject,
      },
      {
        ...template.refreshToken,
        id: hashToken(value),
        grantId,
        accountId: customer.id,
        payload: {
          ...tokenPayload,
          grantId,
          accountId: customer.id,
          session: { ...session, customerId: customer.id, companyUserId: customer.defaultCompanyUserId },
        } as Prisma.InputJsonObject,
      },
    ],
  };
}

const COLUMNS = [
  { name: 'kind', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'payload', type: 'jsonb' },
  { name: 'grant_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'client_id', type: 'text' },
  { name: 'expires_at', type: 'timestamp(3)' },
];

const asColumns = (row: Row): unknown[] => [
  row.kind,
  row.id,
  JSON.stringify(row.payload),
  row.grantId ?? null,
  row.accountId ?? null,
  row.clientId ?? null,
  row.expiresAt ? new Date(row.expiresAt).toISOString().replace('Z', '') : null,
];

/** `count` sessions, customers taken round robin from `offset`, inserted in multi-row batches. */
export async function seedSessions(
  db: Db,
  template: Template,
  customers: Customer[],
  count: number,
  offset: number,
): Promise<{ value: string; customer: Customer }[]> {
  const sessions: { value: string; customer: Customer }[] = [];
  const rows: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const customer = customers[(offset + i) % customers.length]!;
    const { value, rows: pair } = cloneSession(template, customer);
    sessions.push({ value, customer });
    rows.push(...pair.map(asColumns));
  }
  await bulkInsert(db, 'oidc_payloads', COLUMNS, rows);
  return sessions;
}

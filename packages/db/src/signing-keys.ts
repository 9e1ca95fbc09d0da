import { SIGNING_ALG } from '@latchkey/core/protocol';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DbClient } from './client-types.js';
import type { Prisma, PrismaClient } from './generated/prisma/client.js';
import type { SecretBox } from './secrets.js';
import { fromEpochMs, type Sql } from './sql.js';
import type { SqlDb } from './sql-db.js';
import { epochMs, tsParam } from './sql-time.js';

// Any constant: serialises key creation across nodes starting at once.
const KEY_LOCK = 0x4c4b_0001;

type Tx = Prisma.TransactionClient;

async function newKey(box: SecretBox, activatedAt: Date) {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk: JWK = { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
  const { d: _d, ...publicJwk } = privateJwk;
  return { kid, alg: SIGNING_ALG, publicJwk, privateJwkEnc: box.seal(JSON.stringify(privateJwk)), activatedAt };
}

async function createKey(tx: Tx, box: SecretBox, now: Date) {
  const key = await newKey(box, now);
  return tx.signingKey.create({ data: { ...key, publicJwk: key.publicJwk as Prisma.InputJsonObject } });
}

const LOCK = 'SELECT pg_advisory_xact_lock($1::bigint)';
const ACTIVE_KID = 'SELECT kid FROM signing_keys WHERE activated_at IS NOT NULL AND retired_at IS NULL ORDER BY activated_at DESC LIMIT 1';
const INSERT_KEY = `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk_enc, created_at, activated_at)
  VALUES ($1, $2, $3::jsonb, $4, ${tsParam('$5')}, ${tsParam('$5')})`;
// Retired keys stay published while tokens they signed may still be valid (see loadSigningKeys).
const PUBLISHED = `SELECT private_jwk_enc, ${epochMs('activated_at')} AS activated_ms, ${epochMs('retired_at')} AS retired_ms
  FROM signing_keys WHERE activated_at IS NOT NULL AND (retired_at IS NULL OR retired_at > ${tsParam('$1')})
  ORDER BY activated_at DESC`;

/** Makes sure one active signing key exists (first start generates it). */
export async function ensureSigningKey(db: Pick<SqlDb, 'transaction'>, box: SecretBox, now: Date = new Date()): Promise<string> {
  return db.transaction(async (sql) => {
    await sql(LOCK, [KEY_LOCK]);
    const [active] = await sql<{ kid: string }>(ACTIVE_KID);
    if (active) return active.kid;
    const key = await newKey(box, now);
    await sql(INSERT_KEY, [key.kid, key.alg, JSON.stringify(key.publicJwk), key.privateJwkEnc, now.getTime()]);
    return key.kid;
  });
}

/**
 * How long a new key is published before it signs: longer than the 30 s a
 * verifier's JWKS cache (jose's cooldown) may refuse to refetch, so no
 * verifier ever meets a token signed with a key it could not fetch yet.
 */
export const KEY_PUBLICATION_SECONDS = 60;

export type Rotation = { kid: string; retired: string[]; activatesAt: Date };

/**
 * Adds a key that signs from `now + publishSeconds` and retires the current
 * one at that moment, inside the caller's transaction (so an audit row can
 * commit with it). Until then the new key is only published; afterwards
 * the retired one stays published (see loadSigningKeys).
 */
export async function rotateSigningKeyIn(
  tx: Tx,
  box: SecretBox,
  now: Date = new Date(),
  publishSeconds = KEY_PUBLICATION_SECONDS,
): Promise<Rotation> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
  const activatesAt = new Date(now.getTime() + publishSeconds * 1000);
  const current = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
  await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: activatesAt } });
  const created = await createKey(tx, box, activatesAt);
  return { kid: created.kid, retired: current.map((k) => k.kid), activatesAt };
}

export const rotateSigningKey = (prisma: PrismaClient, box: SecretBox, now: Date = new Date(), publishSeconds = KEY_PUBLICATION_SECONDS) =>
  prisma.$transaction((tx) => rotateSigningKeyIn(tx, box, now, publishSeconds));

type KeyRow = { activatedAt: Date | null; retiredAt: Date | null };

/** 0: signs now; 1: published ahead of signing; 2: retired, published while its tokens live. */
const phase = (row: KeyRow, now: Date): number => {
  if (row.retiredAt && row.retiredAt <= now) return 2;
  return row.activatedAt! <= now ? 0 : 1;
};

/**
 * The private JWKs to sign and publish with at `now`: the key that signs
 * first (oidc-provider signs with the first), then a key waiting to sign,
 * then keys retired within `retainSeconds`, whose tokens still verify.
 */
export async function loadSigningKeys(sql: Sql, box: SecretBox, now: Date, retainSeconds: number): Promise<JWK[]> {
  const rows = await sql<{ private_jwk_enc: string; activated_ms: number; retired_ms: number | null }>(PUBLISHED, [
    now.getTime() - retainSeconds * 1000,
  ]);
  const keys = rows.map((row) => ({
    activatedAt: fromEpochMs(row.activated_ms),
    retiredAt: fromEpochMs(row.retired_ms),
    privateJwkEnc: row.private_jwk_enc,
  }));
  const ordered = [...keys].sort((a, b) => phase(a, now) - phase(b, now));
  return ordered.map((row) => JSON.parse(box.open(row.privateJwkEnc)) as JWK);
}

/** Key metadata for the admin API: never the private half. */
export function listSigningKeys(prisma: DbClient) {
  return prisma.signingKey.findMany({
    select: { kid: true, alg: true, publicJwk: true, createdAt: true, activatedAt: true, retiredAt: true },
    orderBy: { createdAt: 'desc' },
  });
}

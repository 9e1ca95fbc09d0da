import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { AuthDeps } from '../../deps.js';
import { storefrontTokenOption } from '../../tokens/storefront-token.js';
import { dispatch } from '../dispatch.js';
import { readJsonBody } from '../json-body.js';
import { BIGCOMMERCE, type BigCommerceError, bigCommerceErrorFor, invalidField } from './errors.js';

const MAX_INT = 2_147_483_647;
const BODY_LIMIT_BYTES = 16 * 1024;
// Control characters (NUL above all) are in no name or store hash, and PostgreSQL refuses them in text.
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]+$/);
const unixSeconds = z.number().int().min(0).max(253_402_300_799);

// The request as B2B Edition documents it; channelId defaults to 1, the store's default storefront.
const requestSchema = z.object({
  storeHash: text(64),
  channelId: z.number().int().positive().max(MAX_INT).default(1),
  name: text(200),
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  beginAt: unixSeconds.optional(),
  endAt: unixSeconds.optional(),
});

function reply(ctx: Context, status: number, body: unknown) {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.remove('WWW-Authenticate');
  ctx.type = 'json';
  ctx.body = body;
}

/** Answers a B2B Edition failure: its status, also as the body's `code`. */
export const fail = (ctx: Context, error: BigCommerceError) =>
  reply(ctx, error.status, { code: error.status, data: { errMsg: error.errMsg }, meta: { message: error.message } });

/**
 * The active customer-directory public client serving a store channel (one
 * at most: the admin API sees to it). Found clients are kept `ttlMs`, as the
 * client registry keeps clients: the password grant still reads the client
 * itself, so a client disabled meanwhile is refused there.
 */
export function createStoreIndex(deps: AuthDeps, ttlMs = 2000, clock: () => number = Date.now) {
  const found = new Map<string, { at: number; clientId: string }>();
  return async (storeHash: string, channelId: number): Promise<string | null> => {
    const key = `${storeHash}\u0000${channelId}`;
    const hit = found.get(key);
    if (hit && clock() - hit.at < ttlMs) return hit.clientId;
    const clientId = await deps.clientStore.storefrontClientId(storeHash, channelId);
    if (found.size > 10_000) found.clear();
    if (clientId) found.set(key, { at: clock(), clientId });
    else found.delete(key);
    return clientId;
  };
}

export type StoreIndex = ReturnType<typeof createStoreIndex>;

/**
 * `POST /api/io/auth/customers` (B2B Edition): a company user's e-mail and
 * password for a named storefront token, through the native password grant
 * of the client serving `storeHash` / `channelId` (its lockout, e-mail
 * verification and argon2 apply). `beginAt` / `endAt` become `nbf` / `exp`.
 */
export async function customersAuth(stores: StoreIndex, ctx: Context, next: Next): Promise<void> {
  const body = await readJsonBody(ctx, BODY_LIMIT_BYTES);
  if (!body.ok) {
    return fail(
      ctx,
      { too_large: BIGCOMMERCE.tooLarge, not_json: BIGCOMMERCE.notJson, wrong_content_type: BIGCOMMERCE.unsupportedMediaType }[
        body.problem
      ],
    );
  }
  const parsed = requestSchema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'body');
    const given = (body.value as Record<string, unknown> | null)?.[field];
    return fail(ctx, invalidField(field, given === undefined || given === '' ? 'missing' : 'invalid'));
  }
  const request = parsed.data;
  const clientId = await stores(request.storeHash, request.channelId);
  if (!clientId) return fail(ctx, BIGCOMMERCE.storeNotFound);
  const answer = await dispatch(
    ctx,
    next,
    '/token',
    { grant_type: 'password', client_id: clientId, username: request.email, password: request.password },
    storefrontTokenOption({ name: request.name, beginAt: request.beginAt, endAt: request.endAt }),
  );
  if (answer.status !== 200) return fail(ctx, bigCommerceErrorFor(answer.code, answer.body.error_description as string | undefined));
  reply(ctx, 200, { code: 200, data: { name: request.name, token: answer.body.access_token }, meta: { message: 'SUCCESS' } });
}

import type { Context } from 'koa';

/** Why a door could not read its request's JSON; each door renders it in its own error shape. */
type BodyProblem = 'too_large' | 'not_json' | 'wrong_content_type';
export type ReadBody = { ok: true; value: unknown } | { ok: false; problem: BodyProblem };

const JSON_TYPES = ['application/json', 'application/vnd.api+json'];

/**
 * A door's JSON body, at most `limitBytes`: a larger declared or streamed
 * body is refused before (or as soon as) it exceeds the limit, and the
 * connection closes after the answer so no unread bytes are left on it.
 * An absent Content-Type is taken for JSON (vendor clients differ); any other is refused.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<ReadBody> {
  const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
  if (type && !JSON_TYPES.includes(type)) {
    ctx.set('Connection', 'close');
    return { ok: false, problem: 'wrong_content_type' };
  }
  if (Number(ctx.get('content-length') || 0) > limitBytes) {
    ctx.set('Connection', 'close');
    return { ok: false, problem: 'too_large' };
  }
  const chunks: Buffer[] = [];
  let received = 0;
  // Not destroyed on an early return: destroying the request would destroy the socket the answer goes out on.
  for await (const chunk of ctx.req.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) {
      ctx.set('Connection', 'close');
      return { ok: false, problem: 'too_large' };
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, problem: 'not_json' };
  }
}

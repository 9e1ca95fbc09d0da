import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';

/** Why a door could not read its request's JSON; each door renders it in its own error shape. */
type BodyProblem = 'too_large' | 'not_json' | 'wrong_content_type';
export type ReadBody = { ok: true; value: unknown } | { ok: false; problem: BodyProblem };

const JSON_TYPES = ['application/json', 'application/vnd.api+json'];

/**
 * The request's body, or null once it exceeds `limitBytes`. Read from its
 * events with one promise rather than an async iterator (a promise per
 * chunk and the iterator's own): a door reads a body its grant then reads
 * again, and this is the cheaper of the two reads. The request is not
 * destroyed when it is too large: that would destroy the socket the answer
 * goes out on. A client that goes away mid-body rejects, as the iterator did.
 */
function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer | null> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        done();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new Error('the request closed before its body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

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
  const raw = await readLimited(ctx.req, limitBytes);
  if (raw === null) {
    ctx.set('Connection', 'close');
    return { ok: false, problem: 'too_large' };
  }
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, problem: 'not_json' };
  }
}

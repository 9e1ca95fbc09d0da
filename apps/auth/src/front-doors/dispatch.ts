import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { isRefusalCode, REFUSAL_CODE_MEMBER, type RefusalCode } from '@latchkey/core';
import type { Context, Next } from 'koa';

/** What the token (or revocation) endpoint answered a door's request. */
export type Dispatched = {
  status: number;
  body: Record<string, unknown>;
  /** The refusal's code (`latchkey_code`), when the endpoint refused. */
  code: RefusalCode | undefined;
};

// Headers of the vendor request that mean something else to the token endpoint (a Glue bearer token is not
// client authentication) or describe the body the door already read.
const DROPPED = new Set(['authorization', 'x-agent-authorization', 'content-type', 'content-length', 'transfer-encoding', 'cookie']);

/** Options a door hands to the grant it dispatches to; no HTTP request can set them (the key is the door's own request). */
const internal = new WeakMap<IncomingMessage, Record<string, unknown>>();

/** The options the door that made this request handed over, if a door made it. */
export const doorOptions = <T>(req: IncomingMessage, key: string): T | undefined => internal.get(req)?.[key] as T | undefined;

// Characters a form value keeps as they are (querystring's and encodeURIComponent's unreserved set). A door's
// values are mostly JWTs, client ids and opaque tokens made only of these: testing the whole value once with a
// native regex is far cheaper than querystring's per-character escape loop.
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;
const encoded = (value: string): string => (UNRESERVED.test(value) ? value : encodeURIComponent(value));

/** The form as `application/x-www-form-urlencoded`, as querystring.stringify writes it (and oidc-provider parses it). */
export function formBody(form: Record<string, string>): Buffer {
  let text = '';
  for (const name in form) text += `${text ? '&' : ''}${encoded(name)}=${encoded(form[name]!)}`;
  // Percent-encoded text is ASCII: latin1 copies it byte for byte without UTF-8 encoding.
  return Buffer.from(text, 'latin1');
}

function formRequest(original: IncomingMessage, path: string, form: Record<string, string>): IncomingMessage {
  const body = formBody(form);
  const headers: IncomingMessage['headers'] = {};
  const from = original.headers;
  for (const name in from) if (!DROPPED.has(name)) headers[name] = from[name];
  headers['content-type'] = 'application/x-www-form-urlencoded';
  headers['content-length'] = String(body.length);
  // A readable request with the same socket (client IP, TLS) and forwarded headers: oidc-provider reads its
  // body as it would any client's, so the door goes through client lookup, grant-type rules and the grant itself.
  // The body is pushed whole and ended at once: nothing to pull from an iterator, one read by the provider.
  const stream = new Readable({ read() {} });
  stream.push(body);
  stream.push(null);
  return Object.assign(stream, {
    headers,
    rawHeaders: [],
    method: 'POST',
    url: path,
    socket: original.socket,
    connection: original.socket,
    httpVersion: original.httpVersion,
    httpVersionMajor: original.httpVersionMajor,
    httpVersionMinor: original.httpVersionMinor,
    complete: true,
    aborted: false,
  }) as unknown as IncomingMessage;
}

/**
 * Runs a front door's request through Latchkey's own token endpoint, as the
 * client would send it natively: the same client checks, grant code, policy,
 * stores and audit, so a door's token is the native grant's token. Every
 * middleware inside the door (the provider's router, refusal codes) sees an
 * ordinary form POST; the vendor request is put back afterwards, so the
 * access log records the door's path.
 */
export async function dispatch(
  ctx: Context,
  next: Next,
  path: '/token' | '/token/revocation',
  form: Record<string, string>,
  options?: Record<string, unknown>,
): Promise<Dispatched> {
  const original = { req: ctx.req, path: ctx.path };
  const sub = formRequest(ctx.req, path, form);
  if (options) internal.set(sub, options);
  ctx.req = ctx.request.req = ctx.response.req = sub;
  try {
    await next();
  } finally {
    ctx.req = ctx.request.req = ctx.response.req = original.req;
  }
  const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as Record<string, unknown>;
  const code = body[REFUSAL_CODE_MEMBER];
  return { status: ctx.status, body, code: isRefusalCode(code) ? code : undefined };
}

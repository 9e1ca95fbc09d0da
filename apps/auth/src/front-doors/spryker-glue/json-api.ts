import type { Context } from 'koa';
import { type ZodType, z } from 'zod';
import { readJsonBody } from '../json-body.js';
import { GLUE, type GlueError, type GlueResource } from './errors.js';

const GLUE_MEDIA_TYPE = 'application/vnd.api+json';
const BODY_LIMIT_BYTES = 16 * 1024;

/** Answers a Glue error document. */
export function replyErrors(ctx: Context, errors: GlueError[], headers: Record<string, string> = {}): void {
  ctx.status = errors[0]!.status;
  ctx.set('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.type = GLUE_MEDIA_TYPE;
  ctx.body = { errors };
}

/** Answers a created resource (Glue answers 201 with `id: null` and the resource's self link). */
export function replyCreated(ctx: Context, type: GlueResource, selfUrl: string, attributes: Record<string, unknown>): void {
  ctx.status = 201;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = GLUE_MEDIA_TYPE;
  ctx.body = { data: { type, id: null, attributes, links: { self: selfUrl } } };
}

// Glue's validation messages (Symfony's), one per attribute.
function messageFor(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined || input === null ? 'This value should not be blank.' : `This value should be of type ${issue.expected}.`;
    case 'too_small':
      return 'This value should not be blank.';
    case 'too_big':
      return `This value is too long. It should have ${issue.maximum} characters or less.`;
    default:
      return 'This value is not valid.';
  }
}

const documentSchema = z.object({ data: z.object({ type: z.string(), attributes: z.record(z.string(), z.unknown()).optional() }) });

/**
 * A Glue request document of `type`, its attributes checked by `schema`:
 * 400 for a body that is not JSON or not a document of this type, 413 when
 * it is too large, 422 (`901`) with one entry per bad attribute.
 */
export async function readDocument<T>(
  ctx: Context,
  type: GlueResource,
  schema: ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: GlueError[] }> {
  const body = await readJsonBody(ctx, BODY_LIMIT_BYTES);
  if (!body.ok) {
    const error = { too_large: GLUE.tooLarge, not_json: GLUE.notJson, wrong_content_type: GLUE.unsupportedMediaType }[body.problem];
    return { ok: false, errors: [error] };
  }
  const document = documentSchema.safeParse(body.value);
  if (!document.success || document.data.data.type !== type) return { ok: false, errors: [GLUE.wrongType] };
  const attributes = document.data.data.attributes ?? {};
  const parsed = schema.safeParse(attributes);
  if (parsed.success) return { ok: true, value: parsed.data };
  const seen = new Set<string>();
  const errors: GlueError[] = [];
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'attributes');
    if (seen.has(name)) continue;
    seen.add(name);
    errors.push({ status: 422, code: '901', detail: `${name} => ${messageFor(issue, attributes[name])}` });
  }
  return { ok: false, errors };
}

/** The bearer token of an Authorization-style header: missing, malformed, or the token. */
export function bearer(value: string | undefined): { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string } {
  if (!value) return { kind: 'missing' };
  const match = /^Bearer +([A-Za-z0-9._~+/=-]{1,4096})$/i.exec(value.trim());
  return match ? { kind: 'token', token: match[1]! } : { kind: 'malformed' };
}

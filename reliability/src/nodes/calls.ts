import { createHmac } from 'node:crypto';
import { postForm } from '@latchkey/auth/testing';

export type Answer = Awaited<ReturnType<typeof postForm>>;

/** Token requests sent to chosen nodes, counted per node (the load must reach both). */
export function createNodeCaller(urls: readonly string[]) {
  const sent = urls.map(() => 0);
  return {
    sent,
    token(node: number, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
      sent[node]!++;
      return postForm(`${urls[node]}/token`, form, headers);
    },
  };
}

/** The kid in a JWT's protected header. */
export const kidOf = (jwt: string): string =>
  String((JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid);

/** An HS256 JWT, as a commerce backend signs a Customer Login API link. */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export type TrpcAnswer = { status: number; body: { result?: { data?: unknown }; error?: unknown } };

/** One admin API procedure over HTTP (no transformer: the input is plain JSON). */
export async function callApi(
  apiUrl: string,
  token: string,
  type: 'query' | 'mutation',
  path: string,
  input?: unknown,
): Promise<TrpcAnswer> {
  const query = type === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const response = await fetch(`${apiUrl}/trpc/${path}${query}`, {
    method: type === 'query' ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(type === 'mutation' && input !== undefined ? { body: JSON.stringify(input) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as TrpcAnswer['body'] };
}

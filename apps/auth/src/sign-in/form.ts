import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

const MAX_BYTES = 8 * 1024;

export const signInForm = z.object({
  csrf: z.string().max(100),
  email: z.string().max(320).default(''),
  password: z.string().max(1024).default(''),
});

/** The urlencoded body of a sign-in post (at most 8 KiB), or null when it is not one. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string> | null> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  const fields: Record<string, string> = {};
  // A repeated field keeps its first value: one field, one meaning.
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) fields[key] ??= value;
  return fields;
}

import type { Agent } from 'node:http';
import { sendRaw } from './raw-request.js';

export type FormAnswer = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; error: string };

/** POSTs a form over a given agent (one per server process, so a killed server's sockets die with it). */
export async function postFormWith(
  agent: Agent,
  url: string,
  form: Record<string, string>,
  headers: [string, string][] = [],
): Promise<FormAnswer> {
  const target = new URL(url);
  const answer = await sendRaw(
    target.origin,
    {
      method: 'POST',
      path: target.pathname,
      headers: [['Content-Type', 'application/x-www-form-urlencoded'], ...headers],
      body: Buffer.from(new URLSearchParams(form).toString()),
    },
    { agent },
  );
  if (!answer.ok) return { ok: false, error: answer.error };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    body = { raw: answer.text };
  }
  return { ok: true, status: answer.status, body };
}

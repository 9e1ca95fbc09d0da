import { isRefusalCode } from '@latchkey/core';
import type { Answer } from '../http/raw-request.js';
import { overNodeHeaderLimit } from './oauth-answer.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function hasKeyDeep(value: unknown, key: string, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return true;
  return Object.values(value).some((child) => hasKeyDeep(child, key, depth + 1));
}

/** Problems of one tRPC response envelope: `{ result }` or `{ error: { message, code, data: { code, httpStatus, latchkeyCode } } }`. */
function envelopeProblems(envelope: unknown, status: number | null): string[] {
  if (!isObject(envelope)) return ['envelope is not an object'];
  if ('result' in envelope) return [];
  const error = envelope.error;
  if (!isObject(error)) return ['neither result nor error'];
  const problems: string[] = [];
  if (typeof error.message !== 'string') problems.push('error.message is not a string');
  if (typeof error.code !== 'number') problems.push('error.code is not a JSON-RPC number');
  const data = error.data;
  if (!isObject(data) || typeof data.code !== 'string' || typeof data.httpStatus !== 'number') {
    problems.push('error.data lacks code and httpStatus');
  } else {
    if (data.httpStatus >= 500) problems.push(`${data.code} (${data.httpStatus})`);
    if (status !== null && data.httpStatus !== status) problems.push(`error.data.httpStatus ${data.httpStatus} on a ${status}`);
    if (data.zodError !== undefined && data.zodError !== null && !Array.isArray(data.zodError))
      problems.push('zodError is neither null nor a list');
    if (!isRefusalCode(data.latchkeyCode)) problems.push(`latchkeyCode ${JSON.stringify(data.latchkeyCode)} is not a refusal code`);
  }
  return problems;
}

/**
 * What is wrong with an admin API answer (empty if nothing): no 5xx; a JSON
 * body; a tRPC envelope (a list of them for a batch) whose errors carry
 * tRPC's shape; no stack, neither as a member nor as text.
 */
export function trpcAnswerProblems(answer: Answer, facts: { method: string; headerBytes: number }): string[] {
  const { method } = facts;
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (answer.status === 431 && overNodeHeaderLimit(facts)) return problems;
  if (method === 'HEAD' || (method === 'OPTIONS' && answer.text === '')) return problems;
  if (/\n\s+at .+:\d+:\d+/.test(answer.text) || /\bat (async )?[\w.<>]+ \(?(file:|\/|node:)/.test(answer.text))
    problems.push('body carries a stack trace');
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...problems, `body is not JSON: ${answer.text.slice(0, 120)}`];
  }
  if (hasKeyDeep(body, 'stack')) problems.push('body has a stack member');
  if (Array.isArray(body)) {
    for (const [i, envelope] of body.entries()) problems.push(...envelopeProblems(envelope, null).map((p) => `[${i}] ${p}`));
  } else {
    problems.push(...envelopeProblems(body, answer.status));
  }
  return problems;
}

/** The tRPC error codes of an answer (one per batch item), for the figures. */
export function trpcCodes(answer: Answer): string[] {
  try {
    const body = JSON.parse(answer.text) as unknown;
    const envelopes = Array.isArray(body) ? body : [body];
    return envelopes.map((e) =>
      isObject(e) && isObject(e.error) && isObject(e.error.data) ? String(e.error.data.code) : isObject(e) && 'result' in e ? 'OK' : '?',
    );
  } catch {
    return ['not json'];
  }
}

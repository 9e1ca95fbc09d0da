import { maxHeaderSize } from 'node:http';
import { isRefusalCode, REFUSAL_CODE_MEMBER } from '@latchkey/core';
import type { Answer, TransportFailure } from '../http/raw-request.js';

/**
 * Error codes a token endpoint may answer with: RFC 6749 §5.2, RFC 8693
 * §2.2.2 and RFC 8707 (invalid_target), and the IANA "OAuth Extensions
 * Error" registry entries meant for the token endpoint. `server_error` is
 * left out on purpose: no input may produce one.
 */
const TOKEN_ENDPOINT_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'unsupported_token_type',
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'invalid_authorization_details',
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
  'temporarily_unavailable',
]);

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** What the checks need to know of the request an answer is for. */
export type TokenRequestFacts = { method: string; path: string; hadAuthorization: boolean; headerBytes: number };

/** Headers over Node's limit are refused by its HTTP parser (431, then the socket is destroyed) before the app runs. */
export const overNodeHeaderLimit = (facts: { headerBytes: number }): boolean => facts.headerBytes > maxHeaderSize;

/**
 * A request that got no answer at all. Only one is expected: headers over
 * Node's limit, where Node writes its 431 and destroys the socket, so a
 * client still sending the body may read a reset instead of the 431.
 */
export function transportProblems(failure: TransportFailure, facts: { headerBytes: number }): string[] {
  if (overNodeHeaderLimit(facts) && /ECONNRESET|EPIPE|socket hang up/.test(failure.error)) return [];
  return [`no answer: ${failure.error}`];
}

/** POST /token (any query): the token endpoint. Other methods and paths only must not fail or leak. */
export const isTokenRequest = (facts: TokenRequestFacts): boolean => facts.method === 'POST' && /^\/token(\?|$)/.test(facts.path);

/**
 * What is wrong with a token endpoint's answer (empty if nothing): no 5xx;
 * an error is RFC 6749 §5.2 JSON with a registered `error`, a string
 * `error_description` and a Latchkey refusal code in `latchkey_code`; every answer, error or token, says `no-store`
 * (§5.1); a 401 to a client that authenticated with the Authorization
 * header names the scheme in WWW-Authenticate (§5.2). A 431 comes from
 * Node's HTTP parser (headers over 16 KiB) before the app sees anything.
 */
export function tokenAnswerProblems(answer: Answer, facts: TokenRequestFacts): string[] {
  const problems: string[] = [];
  const { status, headers } = answer;
  if (status >= 500) problems.push(`status ${status}`);
  if (/\n\s+at .+:\d+:\d+/.test(answer.text)) problems.push('body carries a stack trace');
  if (!isTokenRequest(facts) || (status === 431 && overNodeHeaderLimit(facts))) return problems;
  if (status !== 200 && (status < 400 || status >= 500)) return [...problems, `unexpected status ${status}`];
  if (!/\bno-store\b/.test(String(headers['cache-control'] ?? '')))
    problems.push(`Cache-Control is ${JSON.stringify(headers['cache-control'] ?? null)}, not no-store`);
  if (!/^application\/json\b/.test(String(headers['content-type'] ?? '')))
    problems.push(`Content-Type is ${JSON.stringify(headers['content-type'] ?? null)}`);
  const body = parse(answer.text) as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [...problems, 'body is not a JSON object'];
  if (status === 200) {
    if (typeof body.access_token !== 'string' || body.token_type !== 'Bearer')
      problems.push('200 without access_token and token_type Bearer');
    return problems;
  }
  if (typeof body.error !== 'string' || !TOKEN_ENDPOINT_ERRORS.has(body.error))
    problems.push(`error ${JSON.stringify(body.error)} is not a registered token endpoint error`);
  if (typeof body.error_description !== 'string') problems.push('error_description is not a string');
  if (!isRefusalCode(body[REFUSAL_CODE_MEMBER]))
    problems.push(`${REFUSAL_CODE_MEMBER} ${JSON.stringify(body[REFUSAL_CODE_MEMBER])} is not a refusal code`);
  if (status === 401 && facts.hadAuthorization && !headers['www-authenticate'])
    problems.push('401 to Authorization-header client auth without WWW-Authenticate');
  return problems;
}

import { isRefusalCode, REFUSAL_CODE_MEMBER } from '@latchkey/core/protocol';
import { LatchkeyAuthError } from './errors.js';
import type { Fetch } from './fetch.js';
import type { Tokens } from './tokens.js';

type Json = Record<string, unknown>;

const parseJson = (text: string): Json | null => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
};

/** HTTP Basic credentials of a confidential client, form-encoded first as RFC 6749 §2.3.1 asks. */
export const basicAuthorization = (clientId: string, clientSecret: string): string =>
  `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`;

/**
 * POSTs a form to one of Latchkey's OAuth endpoints; answers its JSON body
 * (null when empty) or throws the OAuth error as a LatchkeyAuthError.
 */
export async function postForm(
  fetch: Fetch,
  url: string,
  form: Record<string, string | undefined>,
  authorization?: string,
): Promise<Json | null> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== undefined) body.set(key, value);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (authorization) headers.authorization = authorization;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: 'POST', headers, body: body.toString() });
    text = await response.text();
  } catch (cause) {
    throw new LatchkeyAuthError('network_error', `no answer from ${url}`, 0, { cause });
  }
  const json = text ? parseJson(text) : null;
  if (response.ok) return json;
  if (typeof json?.error === 'string') {
    const code = json[REFUSAL_CODE_MEMBER];
    throw new LatchkeyAuthError(
      json.error,
      typeof json.error_description === 'string' ? json.error_description : undefined,
      response.status,
      {
        code: isRefusalCode(code) ? code : undefined,
      },
    );
  }
  throw new LatchkeyAuthError('invalid_response', `${url} answered ${response.status} without an OAuth error`, response.status);
}

/** A token request (any grant) whose answer becomes Tokens. */
export async function requestTokens(
  fetch: Fetch,
  url: string,
  form: Record<string, string | undefined>,
  authorization?: string,
): Promise<Tokens> {
  const sentAt = Date.now();
  const json = await postForm(fetch, url, form, authorization);
  if (typeof json?.access_token !== 'string' || typeof json.expires_in !== 'number') {
    throw new LatchkeyAuthError('invalid_response', 'the token endpoint answered without access_token or expires_in', 200);
  }
  const tokens: Tokens = {
    accessToken: json.access_token,
    // Counted from when the request left: the token cannot outlive that.
    expiresAt: sentAt + json.expires_in * 1000,
    scope: typeof json.scope === 'string' ? json.scope : '',
  };
  if (typeof json.refresh_token === 'string') tokens.refreshToken = json.refresh_token;
  if (typeof json.id_company_user === 'string') tokens.companyUserId = json.id_company_user;
  return tokens;
}

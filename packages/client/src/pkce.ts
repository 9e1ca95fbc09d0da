const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** 32 random bytes, base64url: a PKCE code_verifier (RFC 7636 §4.1) or an OAuth state. */
export const randomString = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The S256 code_challenge of a verifier (RFC 7636 §4.2), with Web Crypto (browsers and Node alike). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

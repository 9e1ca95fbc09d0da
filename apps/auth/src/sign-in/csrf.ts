import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The sign-in form's CSRF token: an HMAC of the interaction's id, so only a
 * page that was served for this interaction can post to it. The interaction
 * cookie (SameSite=Lax, path-bound) is checked too, by oidc-provider.
 */
export function createCsrf(key: Buffer) {
  const tokenFor = (uid: string): string => createHmac('sha256', key).update(`sign-in:${uid}`).digest('base64url');
  return {
    tokenFor,
    matches(uid: string, presented: unknown): boolean {
      if (typeof presented !== 'string') return false;
      const a = Buffer.from(presented);
      const b = Buffer.from(tokenFor(uid));
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random opaque token: 32 bytes of entropy, base64url, with an optional prefix for secret scanners. */
export const randomToken = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** How opaque tokens and client secrets are stored: sha256, base64url. They carry 256 bits, so no salt or KDF is needed. */
export const hashToken = (value: string): string => createHash('sha256').update(value, 'utf8').digest('base64url');

/** Constant-time check of a presented token against its stored hash. */
export function tokenMatches(value: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(value));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SecretBox = {
  /** AES-256-GCM; the output names its version so the format can change. */
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** A key for another purpose, derived from the same secret (HKDF). */
  deriveKey(purpose: string): Buffer;
};

const VERSION = 'v1';

/** Encryption at rest with a key derived from LATCHKEY_SECRET_KEY. */
export function createSecretBox(secret: string): SecretBox {
  if (secret.length < 32) throw new Error('LATCHKEY_SECRET_KEY must be at least 32 characters');
  const deriveKey = (purpose: string): Buffer => Buffer.from(hkdfSync('sha256', secret, 'latchkey', purpose, 32));
  const key = deriveKey('secret-box');
  return {
    deriveKey,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== VERSION || !iv || !body) throw new Error('unreadable sealed secret');
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}

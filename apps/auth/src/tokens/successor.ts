import { createHmac } from 'node:crypto';

/**
 * The refresh token that replaces `value`, derived rather than random: every
 * concurrent or repeated rotation of one token computes the same successor,
 * so a family can never fork, and a client that lost the response can be
 * handed the same successor again without it ever being stored in clear.
 */
export const successorOf = (value: string, key: Buffer): string => createHmac('sha256', key).update(value).digest('base64url');

import { LatchkeyAuthError, TRPCClientError } from '@latchkey/client';

/**
 * Whether an error means the session is over (expired, revoked, or the
 * staff member lost their access): the API said UNAUTHORIZED, or there was
 * no token to send because the refresh was refused.
 */
export function isSessionGone(error: unknown): boolean {
  const cause = error instanceof TRPCClientError ? error.cause : error;
  if (cause instanceof LatchkeyAuthError) return cause.error === 'login_required' || cause.error === 'invalid_grant';
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
}

import { TRPCClientError } from '@latchkey/client';

type Issue = { path: (string | number)[]; message: string };
type ErrorData = { code?: string; latchkeyCode?: string; zodError?: Issue[] };

const dataOf = (error: unknown): ErrorData => (error instanceof TRPCClientError ? ((error.data ?? {}) as ErrorData) : {});

/** The API's zod issues by the field they name (the first segment of the path). */
export function fieldErrors(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of dataOf(error).zodError ?? []) {
    const field = String(issue.path[0] ?? '');
    if (field && !fields[field]) fields[field] = issue.message;
  }
  return fields;
}

const BY_CODE: Record<string, string> = {
  FORBIDDEN: 'Your role does not allow this. Ask an administrator for the editor role.',
  NOT_FOUND: 'It is no longer there: someone may have deleted it. Reload the list.',
  CONFLICT: 'Something with the same name or e-mail exists already.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  TOO_MANY_REQUESTS: 'Too many requests: wait a moment and try again.',
};

/** A sentence that says what happened and what to do; never a stack or a JSON blob. */
export function messageOf(error: unknown): string {
  const data = dataOf(error);
  if (data.latchkeyCode === 'login_token_value_not_kept') return 'This token was made before values were kept: its value cannot be shown.';
  if (data.zodError?.length)
    return `Check the fields: ${data.zodError.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ')}.`;
  if (data.code && BY_CODE[data.code]) return BY_CODE[data.code]!;
  if (error instanceof TRPCClientError && !data.code) return 'The admin API could not be reached. Check your connection and try again.';
  return 'Something went wrong on the server. Try again; if it keeps failing, the server log says why.';
}

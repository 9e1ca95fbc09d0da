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

/** The API's zod issues by their whole path (`permissions.1.key`), the first of each. */
export function issuePaths(error: unknown): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const issue of dataOf(error).zodError ?? []) {
    const path = issue.path.join('.');
    if (path && !paths[path]) paths[path] = issue.message;
  }
  return paths;
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
  // A refusal the API explains in a sentence (a role of another company, a store channel taken): said as it is.
  const message = error instanceof TRPCClientError ? error.message : '';
  if ((data.code === 'BAD_REQUEST' || data.code === 'CONFLICT') && message && !message.startsWith('already exists'))
    return `The API refused it: ${message}.`;
  if (data.code && BY_CODE[data.code]) return BY_CODE[data.code]!;
  if (error instanceof TRPCClientError && !data.code) return 'The admin API could not be reached. Check your connection and try again.';
  return 'Something went wrong on the server. Try again; if it keeps failing, the server log says why.';
}

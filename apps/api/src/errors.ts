import { REFUSALS, type RefusalCode } from '@latchkey/core';
import { isPoolBusy, LoginTokenSubjectError } from '@latchkey/db';
import { Prisma } from '@latchkey/db/prisma';
import { type TRPC_ERROR_CODE_KEY, type TRPCDefaultErrorShape, TRPCError } from '@trpc/server';

export type ValidationIssue = { code: string; path: (string | number)[]; message: string };
/** tRPC's error data plus the refusal's code (protocol/refusals.ts in core) and, for bad input, zod's issues. */
type ErrorData = TRPCDefaultErrorShape['data'] & { latchkeyCode: RefusalCode; zodError: ValidationIssue[] | null };
export type ErrorShape = Omit<TRPCDefaultErrorShape, 'data'> & { data: ErrorData };

/** The cause of every TRPCError the api throws on purpose: the refusal's code, and what caused it. */
class Refusal extends Error {
  override readonly name: string = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The one mapping of a refusal to the admin API: its tRPC code and the message clients read. */
export const trpcError = (code: RefusalCode, message: string, cause?: unknown): TRPCError =>
  new TRPCError({ code: REFUSALS[code].admin, message, cause: new Refusal(code, message, { cause }) });

// What tRPC refuses by itself, before a procedure runs (a bad batch, an unknown path, a body too large).
const TRPC_REFUSALS: Partial<Record<TRPC_ERROR_CODE_KEY, RefusalCode>> = {
  PARSE_ERROR: 'request_invalid',
  BAD_REQUEST: 'request_invalid',
  UNSUPPORTED_MEDIA_TYPE: 'request_invalid',
  NOT_FOUND: 'endpoint_not_found',
  METHOD_NOT_SUPPORTED: 'method_not_allowed',
  PAYLOAD_TOO_LARGE: 'request_too_large',
};

type Issue = { code?: unknown; path?: readonly unknown[]; message: string };
const hasIssues = (cause: unknown): cause is { issues: Issue[] } =>
  typeof cause === 'object' && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);

// Zod's issues carry symbols and parser internals; clients get plain JSON.
const flattenIssues = (issues: Issue[]): ValidationIssue[] =>
  issues.map((issue) => ({
    code: typeof issue.code === 'string' ? issue.code : 'custom',
    path: (issue.path ?? []).map((key) => (typeof key === 'number' ? key : String(key))),
    message: issue.message,
  }));

/**
 * The error every client sees: tRPC's shape plus the validation issues of a
 * bad input. Never a stack, and never the message of an unexpected error
 * (a database error names tables, columns and values).
 */
export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }): ErrorShape {
  const { stack: _stack, ...data } = shape.data;
  const internal = error.code === 'INTERNAL_SERVER_ERROR';
  const issues = error.code === 'BAD_REQUEST' && hasIssues(error.cause) ? flattenIssues(error.cause.issues) : null;
  const latchkeyCode =
    error.cause instanceof Refusal ? error.cause.code : issues ? 'input_invalid' : (TRPC_REFUSALS[error.code] ?? 'server_error');
  return { ...shape, message: internal ? 'Internal server error' : shape.message, data: { ...data, latchkeyCode, zodError: issues } };
}

type ConstraintMeta = {
  target?: unknown;
  driverAdapterError?: { cause?: { table?: unknown; constraint?: { fields?: unknown; index?: unknown } } };
};

// PGlite's adapter names the columns; pg's names the index (`customers_email_key`).
const uniqueFields = (error: Prisma.PrismaClientKnownRequestError): string => {
  const meta = error.meta as ConstraintMeta | undefined;
  const cause = meta?.driverAdapterError?.cause;
  const fields = cause?.constraint?.fields ?? meta?.target;
  if (Array.isArray(fields)) return fields.join(', ');
  const index = cause?.constraint?.index;
  if (typeof index === 'string' && typeof cause?.table === 'string' && index.startsWith(`${cause.table}_`) && index.endsWith('_key')) {
    return index.slice(cause.table.length + 1, -'_key'.length);
  }
  return 'a unique field';
};

/**
 * Errors of the data layer as tRPC errors: a unique clash is CONFLICT, a
 * reference to a missing row BAD_REQUEST, a missing row NOT_FOUND, a wait
 * for a connection that found the pool busy throughout SERVICE_UNAVAILABLE
 * (server.ts adds Retry-After). Anything else stays unknown (and becomes an
 * opaque INTERNAL_SERVER_ERROR).
 */
export function domainError(cause: unknown): TRPCError | null {
  if (cause instanceof LoginTokenSubjectError) return trpcError(cause.code, cause.message, cause);
  if (isPoolBusy(cause)) return trpcError('server_busy', 'the database is busy: retry shortly', cause);
  if (!(cause instanceof Prisma.PrismaClientKnownRequestError)) return null;
  switch (cause.code) {
    case 'P2002':
      return trpcError('already_exists', `already exists: ${uniqueFields(cause)}`, cause);
    case 'P2003':
      return trpcError('reference_missing', 'a referenced record does not exist', cause);
    case 'P2025':
      return trpcError('not_found', 'not found', cause);
    case 'P2007':
    case 'P2020':
      return trpcError('value_invalid', 'a value is out of range or malformed', cause);
    default:
      return null;
  }
}

/** Input that passed its schema but breaks a rule across fields or rows: shown to clients like zod's issues. */
class InputRuleError extends Refusal {
  override readonly name = 'InputRuleError';
  constructor(readonly issues: ValidationIssue[]) {
    super('input_invalid', issues.map((issue) => issue.message).join('; '));
  }
}

export const invalidInput = (issues: ValidationIssue[]): TRPCError => {
  const cause = new InputRuleError(issues);
  return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
};

export const notFound = (what: string): TRPCError => trpcError('not_found', `${what} not found`);

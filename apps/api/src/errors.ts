import { LoginTokenSubjectError, Prisma } from '@latchkey/db';
import { type TRPCDefaultErrorShape, TRPCError } from '@trpc/server';

export type ValidationIssue = { code: string; path: (string | number)[]; message: string };
export type ErrorData = TRPCDefaultErrorShape['data'] & { zodError: ValidationIssue[] | null };
export type ErrorShape = Omit<TRPCDefaultErrorShape, 'data'> & { data: ErrorData };

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
  return {
    ...shape,
    message: internal ? 'Internal server error' : shape.message,
    data: { ...data, zodError: error.code === 'BAD_REQUEST' && hasIssues(error.cause) ? flattenIssues(error.cause.issues) : null },
  };
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
 * reference to a missing row BAD_REQUEST, a missing row NOT_FOUND. Anything
 * else stays unknown (and becomes an opaque INTERNAL_SERVER_ERROR).
 */
export function domainError(cause: unknown): TRPCError | null {
  if (cause instanceof LoginTokenSubjectError) return new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  if (!(cause instanceof Prisma.PrismaClientKnownRequestError)) return null;
  switch (cause.code) {
    case 'P2002':
      return new TRPCError({ code: 'CONFLICT', message: `already exists: ${uniqueFields(cause)}`, cause });
    case 'P2003':
      return new TRPCError({ code: 'BAD_REQUEST', message: 'a referenced record does not exist', cause });
    case 'P2025':
      return new TRPCError({ code: 'NOT_FOUND', message: 'not found', cause });
    case 'P2007':
    case 'P2020':
      return new TRPCError({ code: 'BAD_REQUEST', message: 'a value is out of range or malformed', cause });
    default:
      return null;
  }
}

/** Input that passed its schema but breaks a rule across fields or rows: shown to clients like zod's issues. */
export class InputRuleError extends Error {
  override readonly name = 'InputRuleError';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
  }
}

export const invalidInput = (issues: ValidationIssue[]): TRPCError =>
  new TRPCError({ code: 'BAD_REQUEST', message: issues.map((issue) => issue.message).join('; '), cause: new InputRuleError(issues) });

export const notFound = (what: string): TRPCError => new TRPCError({ code: 'NOT_FOUND', message: `${what} not found` });
export const badRequest = (message: string): TRPCError => new TRPCError({ code: 'BAD_REQUEST', message });

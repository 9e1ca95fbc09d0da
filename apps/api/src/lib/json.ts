import type { Prisma } from '@latchkey/db';

/** JSON as it travels, declared here so client types do not pull in Prisma's. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const fromDbJson = (value: Prisma.JsonValue | null): JsonValue => value as JsonValue;

/** A JSON column value to write: JSON `null` and absence both store SQL NULL. */
export const toDbJson = (value: JsonValue | undefined): Prisma.InputJsonValue | undefined =>
  value === null || value === undefined ? undefined : (value as Prisma.InputJsonValue);

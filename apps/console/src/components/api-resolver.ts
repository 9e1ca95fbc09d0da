import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * A react-hook-form resolver that validates what would be sent with the
 * api's own input schema: the form's values become the procedure's input
 * (`toInput`), and each zod issue lands on the form field its path names
 * (`fieldOf`, by default the same name).
 */
export function apiResolver<Values extends FieldValues, Schema extends z.ZodType>(
  schema: Schema,
  toInput: (values: Values) => unknown,
  fieldOf: (apiField: string) => string | undefined = (field) => field,
): Resolver<Values> {
  return async (values) => {
    const parsed = schema.safeParse(toInput(values));
    if (parsed.success) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      const field = fieldOf(String(issue.path[0] ?? ''));
      if (field && !errors[field]) errors[field] = { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: errors as FieldErrors<Values> };
  };
}

/** One item a line (or separated by spaces/commas): how the forms take lists of URIs and scopes. */
export const lines = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

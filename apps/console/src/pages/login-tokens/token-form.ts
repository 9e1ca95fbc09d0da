import { createLoginTokenInput, updateLoginTokenInput } from '@latchkey/api/schemas';
import type { RouterInputs } from '@latchkey/client';
import { z } from 'zod';
import { type Day, dayEnd } from '../../components/dates';
import type { PickedUser } from '../../components/user-picker';

/** The fields of the New Login Token and edit dialogs, as the form holds them. */
export type TokenFormValues = {
  user: PickedUser | null;
  /** The last day the token works (it expires at the midnight after); '' never expires. */
  expiresOn: Day;
  /** JSON as typed; '' is no extra. */
  extra: string;
  oneTimeUse: boolean;
};

export const EMPTY_FORM: TokenFormValues = { user: null, expiresOn: '', extra: '', oneTimeUse: false };

type CreateInput = RouterInputs['loginTokens']['create'];
type UpdateInput = RouterInputs['loginTokens']['update'];

/** The form's fields by the API input's names, so the API's issues land on the field they concern. */
const FIELD_OF: Record<string, keyof TokenFormValues> = {
  customerId: 'user',
  companyUserId: 'user',
  expiresAt: 'expiresOn',
  extra: 'extra',
  oneTimeUse: 'oneTimeUse',
};
export const fieldOf = (apiField: string): keyof TokenFormValues | undefined => FIELD_OF[apiField];

function parseExtra(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'Extra must be JSON, e.g. {"note": "OCI punch-out"}' };
  }
}

function expiresAt(day: Day): string | null {
  return day ? (dayEnd(day)?.toISOString() ?? 'invalid') : null;
}

export function toCreateInput(values: TokenFormValues): CreateInput {
  const extra = parseExtra(values.extra);
  return {
    ...(values.user?.type === 'customer' ? { customerId: values.user.id } : {}),
    ...(values.user?.type === 'company_user' ? { companyUserId: values.user.id } : {}),
    expiresAt: expiresAt(values.expiresOn),
    oneTimeUse: values.oneTimeUse,
    ...(extra.ok && extra.value !== undefined ? { extra: extra.value as CreateInput['extra'] } : {}),
  };
}

export function toUpdateInput(id: string, values: TokenFormValues): UpdateInput {
  const extra = parseExtra(values.extra);
  return {
    id,
    customerId: values.user?.type === 'customer' ? values.user.id : null,
    companyUserId: values.user?.type === 'company_user' ? values.user.id : null,
    expiresAt: expiresAt(values.expiresOn),
    oneTimeUse: values.oneTimeUse,
    // Emptied: no extra (JSON null), as the column shows it.
    extra: (extra.ok && extra.value !== undefined ? extra.value : null) as UpdateInput['extra'],
  };
}

const formShape = z.object({
  user: z.object({ type: z.enum(['customer', 'company_user']), id: z.string(), label: z.string() }).nullable(),
  expiresOn: z.string(),
  extra: z.string(),
  oneTimeUse: z.boolean(),
});

/**
 * The form's schema: JSON that parses, then the api's own input schema
 * (createLoginTokenInput or updateLoginTokenInput) on what would be sent,
 * its issues moved onto the form's fields. Used by react-hook-form's zod
 * resolver, so it validates as the user types.
 */
export function tokenFormSchema(mode: 'create' | 'update') {
  return formShape.superRefine((values, ctx) => {
    const extra = parseExtra(values.extra);
    if (!extra.ok) ctx.addIssue({ code: 'custom', path: ['extra'], message: extra.message });
    if (values.expiresOn && !dayEnd(values.expiresOn))
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Enter a day as YYYY-MM-DD, or pick one on the calendar' });
    if (!extra.ok) return;
    const parsed =
      mode === 'create'
        ? createLoginTokenInput.safeParse(toCreateInput(values))
        : updateLoginTokenInput.safeParse(toUpdateInput('00000000-0000-4000-8000-000000000000', values));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = fieldOf(String(issue.path[0] ?? ''));
      if (field && !(field === 'expiresOn' && values.expiresOn && !dayEnd(values.expiresOn)))
        ctx.addIssue({ code: 'custom', path: [field], message: issue.message });
    }
  });
}

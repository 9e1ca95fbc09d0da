import { toNestErrors } from '@hookform/resolvers';
import { createRoleInput } from '@latchkey/api/schemas';
import type { RouterInputs, RouterOutputs } from '@latchkey/client';
import type { FieldError, Resolver } from 'react-hook-form';

type Role = RouterOutputs['companyRoles']['list']['items'][number];
type Permission = RouterInputs['companyRoles']['create']['permissions'] extends (infer P)[] | undefined ? P : never;

/** A permission as the form holds it: its key, and its configuration as JSON typed ('' = none). */
type PermissionRow = { key: string; configuration: string };
export type RoleFormValues = { name: string; isDefault: boolean; permissions: PermissionRow[] };

export const EMPTY_ROLE: RoleFormValues = { name: '', isDefault: false, permissions: [] };

export const roleValues = (role: Role): RoleFormValues => ({
  name: role.name,
  isDefault: role.isDefault,
  permissions: role.permissions.map((p) => ({
    key: p.key,
    configuration: p.configuration === null || p.configuration === undefined ? '' : JSON.stringify(p.configuration, null, 2),
  })),
});

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** A configuration as typed: '' is none, anything else must be JSON. */
export function parseConfiguration(text: string): Parsed {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'not JSON';
    return { ok: false, message: `Configuration must be JSON, e.g. {"limit": 10000} (${reason})` };
  }
}

/** What companyRoles.create and update are asked (configurations that do not parse are left out: the form shows why). */
export function toRoleInput(values: RoleFormValues): { name: string; isDefault: boolean; permissions: Permission[] } {
  return {
    name: values.name,
    isDefault: values.isDefault,
    permissions: values.permissions.map((row) => {
      const parsed = parseConfiguration(row.configuration);
      return {
        key: row.key,
        ...(parsed.ok && parsed.value !== undefined ? { configuration: parsed.value as Permission['configuration'] } : {}),
      };
    }),
  };
}

const ANY_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The form's problems by field path (`name`, `permissions.2.configuration`,
 * `permissions.root`): JSON that does not parse, a key given twice, then
 * the API's own schema on what would be sent.
 */
export function roleIssues(values: RoleFormValues): Record<string, string> {
  const issues: Record<string, string> = {};
  const seen = new Set<string>();
  values.permissions.forEach((row, index) => {
    const parsed = parseConfiguration(row.configuration);
    if (!parsed.ok) issues[`permissions.${index}.configuration`] = parsed.message;
    const key = row.key.trim();
    if (key && seen.has(key)) issues[`permissions.${index}.key`] = 'This permission is in the list already';
    seen.add(key);
  });
  const checked = createRoleInput.safeParse({ companyId: ANY_ID, ...toRoleInput(values) });
  if (!checked.success)
    for (const issue of checked.error.issues) {
      const path = issue.path.length === 1 && issue.path[0] === 'permissions' ? 'permissions.root' : issue.path.join('.');
      // The API's "keys must be unique" is already said on the row that repeats one.
      if (path === 'permissions.root' && Object.keys(issues).some((p) => p.endsWith('.key'))) continue;
      if (!issues[path]) issues[path] = issue.message;
    }
  return issues;
}

/** react-hook-form's resolver: roleIssues on every change, each on its field (nested for the permission rows). */
export const roleResolver: Resolver<RoleFormValues> = async (values, _context, options) => {
  const issues = roleIssues(values);
  if (Object.keys(issues).length === 0) return { values, errors: {} };
  const flat: Record<string, FieldError> = {};
  for (const [path, message] of Object.entries(issues)) flat[path] = { type: 'custom', message };
  return { values: {}, errors: toNestErrors(flat, options) };
};

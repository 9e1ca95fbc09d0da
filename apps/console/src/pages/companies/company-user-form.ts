import type { RouterInputs } from '@latchkey/client';
import type { PickedUser } from '../../components/user-picker';

/** The role select: the company's default role (create only), no role, or a role's id. */
type RoleChoice = 'default' | 'none' | (string & {});

export type CompanyUserValues = { customer: PickedUser | null; role: RoleChoice; isDefault: boolean; status: 'active' | 'disabled' };

export const roleChoice = (roleId: string | null): RoleChoice => roleId ?? 'none';

// Left out: the company's default role (the API picks it); null: no role.
const roleIdOf = (role: RoleChoice) => (role === 'default' ? {} : { roleId: role === 'none' ? null : role });

/** What companyUsers.create is asked; no customer picked yet sends none, which the API's schema refuses on the picker. */
export function toCompanyUserInput(companyId: string, values: CompanyUserValues): Partial<RouterInputs['companyUsers']['create']> {
  return {
    companyId,
    ...(values.customer ? { customerId: values.customer.id } : {}),
    ...roleIdOf(values.role),
    isDefault: values.isDefault,
    status: values.status,
  };
}

/** What companyUsers.update is asked: role, default and status (the customer and company of a membership stay). */
export function toCompanyUserUpdate(id: string, values: CompanyUserValues): RouterInputs['companyUsers']['update'] {
  return { id, ...roleIdOf(values.role === 'default' ? 'none' : values.role), isDefault: values.isDefault, status: values.status };
}

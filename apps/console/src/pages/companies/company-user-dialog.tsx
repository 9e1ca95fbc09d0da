import { createCompanyUserInput } from '@latchkey/api/schemas';
import type { RouterInputs, RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Controller, type FieldErrors, type Resolver, useForm } from 'react-hook-form';
import { apiResolver } from '../../components/api-resolver';
import { Dialog } from '../../components/dialog';
import { FormActions, FormError, SelectField, showServerErrors } from '../../components/form';
import { type PickedUser, UserPicker } from '../../components/user-picker';
import { useTRPC } from '../../trpc';
import { type CompanyUserValues, roleChoice, toCompanyUserInput, toCompanyUserUpdate } from './company-user-form';

type CompanyUser = RouterOutputs['companyUsers']['list']['items'][number];
type Role = RouterOutputs['companyRoles']['list']['items'][number];

const schemaResolver = apiResolver<CompanyUserValues, typeof createCompanyUserInput>(
  createCompanyUserInput,
  (values) => toCompanyUserInput('00000000-0000-4000-8000-000000000000', values),
  (field) => (field === 'customerId' ? 'customer' : field === 'roleId' ? 'role' : field),
);

// A membership being edited keeps its customer; a new one needs one picked (said in words, not as zod's "expected string").
const resolver: Resolver<CompanyUserValues> = async (values, context, options) => {
  const result = await schemaResolver(values, context, options);
  if (values.customer) return result;
  const customer = { type: 'required', message: 'Pick a customer: type part of the name or e-mail' };
  return { values: {}, errors: { ...result.errors, customer } as unknown as FieldErrors<CompanyUserValues> };
};

/** A customer made a company user (a contact) of the company, with one of its roles; or such a membership edited. */
export function CompanyUserDialog(props: { companyId: string; roles: Role[]; user: CompanyUser | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = props;
  const form = useForm<CompanyUserValues>({
    resolver,
    mode: 'onChange',
    defaultValues: user
      ? {
          customer: {
            type: 'customer',
            id: user.customerId,
            label: `${user.customer.firstName} ${user.customer.lastName} <${user.customer.email}>`,
          },
          role: roleChoice(user.roleId),
          isDefault: user.isDefault,
          status: user.status,
        }
      : { customer: null, role: 'default', isDefault: false, status: 'active' },
  });
  const create = useMutation(trpc.companyUsers.create.mutationOptions());
  const update = useMutation(trpc.companyUsers.update.mutationOptions());
  const mutation = user ? update : create;
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (user) await update.mutateAsync(toCompanyUserUpdate(user.id, values));
      else await create.mutateAsync(toCompanyUserInput(props.companyId, values) as RouterInputs['companyUsers']['create']);
      await queryClient.invalidateQueries({ queryKey: trpc.companyUsers.pathKey() });
      props.onClose();
    } catch (error) {
      showServerErrors(form, error, (path) => (path === 'customerId' ? 'customer' : path === 'roleId' ? 'role' : path));
    }
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={user ? `Edit ${user.customer.firstName} ${user.customer.lastName} at ${user.companyName}` : 'New company user'}
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        {user ? (
          <p>
            Customer: {user.customer.firstName} {user.customer.lastName} &lt;{user.customer.email}&gt;
          </p>
        ) : (
          <Controller
            control={form.control}
            name="customer"
            render={({ field }) => (
              <UserPicker
                label="Customer"
                customersOnly
                hint="Type part of the name or e-mail."
                value={field.value as PickedUser | null}
                onChange={field.onChange}
                error={errors.customer?.message}
              />
            )}
          />
        )}
        <SelectField label="Role" error={errors.role?.message} {...form.register('role')}>
          {!user && <option value="default">The company's default role</option>}
          <option value="none">No role</option>
          {props.roles.map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
              {role.isDefault ? ' (default)' : ''}
            </option>
          ))}
        </SelectField>
        <label className="check">
          <input type="checkbox" {...form.register('isDefault')} />
          The customer's default company (a sign-in starts as this company user)
        </label>
        <SelectField label="Status" error={errors.status?.message} {...form.register('status')}>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </SelectField>
        <FormError error={mutation.error} />
        <FormActions onCancel={props.onClose} submit={user ? 'Save' : 'Add company user'} pending={mutation.isPending} />
      </form>
    </Dialog>
  );
}

import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFieldArray, useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { ErrorText, FormActions, FormError, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';
import { EMPTY_ROLE, type RoleFormValues, roleResolver, roleValues, toRoleInput } from './role-form';

type Role = RouterOutputs['companyRoles']['list']['items'][number];

/** New role (role = null) or edit one: its name, whether it is the default, its permissions with their JSON configuration. */
export function RoleDialog({ companyId, role, onClose }: { companyId: string; role: Role | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<RoleFormValues>({ resolver: roleResolver, mode: 'onChange', defaultValues: role ? roleValues(role) : EMPTY_ROLE });
  const permissions = useFieldArray({ control: form.control, name: 'permissions' });
  const create = useMutation(trpc.companyRoles.create.mutationOptions());
  const update = useMutation(trpc.companyRoles.update.mutationOptions());
  const mutation = role ? update : create;
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (role) await update.mutateAsync({ id: role.id, ...toRoleInput(values) });
      else await create.mutateAsync({ companyId, ...toRoleInput(values) });
      // A new default role clears the old one, and company users show their role's name.
      await queryClient.invalidateQueries({ queryKey: trpc.companyRoles.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.companyUsers.pathKey() });
      onClose();
    } catch (error) {
      showServerErrors(form, error, (path) => (path === 'permissions' ? 'permissions.root' : path));
    }
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={role ? `Edit role ${role.name}` : 'New role'} wide>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="Role name" error={errors.name?.message} {...form.register('name')} />
        <label className="check">
          <input type="checkbox" {...form.register('isDefault')} />
          Default role (new company users get it)
        </label>
        <fieldset>
          <legend>Permissions</legend>
          {permissions.fields.length === 0 && <p className="hint">No permissions: a company user with this role may do nothing special.</p>}
          {permissions.fields.map((field, index) => (
            <div key={field.id} className="permission">
              <TextField
                label={`Permission ${index + 1} key`}
                hint="The permission plugin, e.g. ApproveQuotePermissionPlugin."
                error={errors.permissions?.[index]?.key?.message}
                {...form.register(`permissions.${index}.key`)}
              />
              <TextField
                label={`Permission ${index + 1} configuration`}
                multiline
                className="mono"
                hint='JSON, e.g. {"limit": 10000}; empty: none.'
                error={errors.permissions?.[index]?.configuration?.message}
                {...form.register(`permissions.${index}.configuration`)}
              />
              <button type="button" onClick={() => permissions.remove(index)}>
                Remove permission {index + 1}
              </button>
            </div>
          ))}
          <ErrorText>{errors.permissions?.root?.message}</ErrorText>
          <button type="button" onClick={() => permissions.append({ key: '', configuration: '' })}>
            Add permission
          </button>
        </fieldset>
        <FormError error={mutation.error} />
        <FormActions onCancel={onClose} submit={role ? 'Save' : 'Create role'} pending={mutation.isPending} />
      </form>
    </Dialog>
  );
}

import { createCompanyInput } from '@latchkey/api/schemas';
import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { apiResolver } from '../../components/api-resolver';
import { Dialog } from '../../components/dialog';
import { FormActions, FormError, SelectField, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';

type Company = RouterOutputs['companies']['list']['items'][number];
type CompanyFormValues = { name: string; status: 'active' | 'disabled' };

// The same fields on create and update; create's schema checks both.
const resolver = apiResolver<CompanyFormValues, typeof createCompanyInput>(createCompanyInput, (values) => values);

/** New company (company = null) or rename / enable / disable one. */
export function CompanyDialog({
  company,
  onClose,
  onSaved,
}: {
  company: Company | null;
  onClose: () => void;
  onSaved?: (company: Company) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<CompanyFormValues>({
    resolver,
    mode: 'onChange',
    defaultValues: company ? { name: company.name, status: company.status } : { name: '', status: 'active' },
  });
  const create = useMutation(trpc.companies.create.mutationOptions());
  const update = useMutation(trpc.companies.update.mutationOptions());
  const mutation = company ? update : create;
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = company ? await update.mutateAsync({ id: company.id, ...values }) : await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.companies.pathKey() });
      onSaved?.(saved);
      onClose();
    } catch (error) {
      showServerErrors(form, error);
    }
  });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={company ? `Edit ${company.name}` : 'New company'}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="Company name" error={errors.name?.message} {...form.register('name')} />
        <SelectField label="Status" error={errors.status?.message} {...form.register('status')}>
          <option value="active">Active</option>
          <option value="disabled">Disabled (its users cannot act for it)</option>
        </SelectField>
        <FormError error={mutation.error} />
        <FormActions onCancel={onClose} submit={company ? 'Save' : 'Create company'} pending={mutation.isPending} />
      </form>
    </Dialog>
  );
}

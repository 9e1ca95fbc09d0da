import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { FormActions, FormError, SelectField, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';
import {
  type CustomerFormValues,
  createCustomerResolver,
  customerValues,
  EMPTY_CUSTOMER,
  type PasswordFormValues,
  passwordResolver,
  toCreateCustomerInput,
  toUpdateCustomerInput,
  updateCustomerResolver,
} from './customer-form';

type Customer = RouterOutputs['customers']['list']['items'][number];

/** New customer (customer = null) or edit one: checked as typed with the API's own schema. */
export function CustomerDialog({ customer, onClose }: { customer: Customer | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<CustomerFormValues>({
    resolver: customer ? updateCustomerResolver : createCustomerResolver,
    mode: 'onChange',
    defaultValues: customer ? customerValues(customer) : EMPTY_CUSTOMER,
  });
  const create = useMutation(trpc.customers.create.mutationOptions());
  const update = useMutation(trpc.customers.update.mutationOptions());
  const mutation = customer ? update : create;
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (customer) await update.mutateAsync(toUpdateCustomerInput(customer.id, values));
      else await create.mutateAsync(toCreateCustomerInput(values));
      await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      onClose();
    } catch (error) {
      showServerErrors(form, error);
    }
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={customer ? `Edit ${customer.firstName} ${customer.lastName}` : 'New customer'}
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="E-mail" type="email" autoComplete="off" error={errors.email?.message} {...form.register('email')} />
        <TextField label="First name" error={errors.firstName?.message} {...form.register('firstName')} />
        <TextField label="Last name" error={errors.lastName?.message} {...form.register('lastName')} />
        {!customer && (
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="8 characters or more; the customer can change it later."
            error={errors.password?.message}
            {...form.register('password')}
          />
        )}
        <TextField
          label="Reference"
          hint={
            customer ? "The commerce system's customer reference." : "The commerce system's customer reference; empty: the customer's id."
          }
          error={errors.reference?.message}
          {...form.register('reference')}
        />
        <label className="check">
          <input type="checkbox" {...form.register('emailVerified')} />
          E-mail verified
        </label>
        <SelectField label="Status" error={errors.status?.message} {...form.register('status')}>
          <option value="active">Active</option>
          <option value="disabled">Disabled (cannot sign in)</option>
        </SelectField>
        <FormError error={mutation.error} />
        <FormActions onCancel={onClose} submit={customer ? 'Save' : 'Create customer'} pending={mutation.isPending} />
      </form>
    </Dialog>
  );
}

/** A new password for a customer, by default ending their sessions too. */
export function PasswordDialog({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const trpc = useTRPC();
  const setPassword = useMutation(trpc.customers.setPassword.mutationOptions());
  const form = useForm<PasswordFormValues>({
    resolver: passwordResolver,
    mode: 'onChange',
    defaultValues: { password: '', repeat: '', revokeSessions: true },
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await setPassword.mutateAsync({ id: customer.id, password: values.password, revokeSessions: values.revokeSessions });
      onClose();
    } catch (error) {
      showServerErrors(form, error);
    }
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Set the password of ${customer.firstName} ${customer.lastName}`}
      description="Tell the customer the new password yourself: Latchkey sends no e-mail."
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          error={errors.password?.message}
          {...form.register('password')}
        />
        <TextField
          label="Repeat the password"
          type="password"
          autoComplete="new-password"
          error={errors.repeat?.message}
          {...form.register('repeat', { deps: ['password'] })}
        />
        <label className="check">
          <input type="checkbox" {...form.register('revokeSessions')} />
          Log the customer out everywhere too
        </label>
        <FormError error={setPassword.error} />
        <FormActions onCancel={onClose} submit="Set password" pending={setPassword.isPending} />
      </form>
    </Dialog>
  );
}

import { type Control, Controller, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { DateField } from '../../components/date-field';
import { ErrorText } from '../../components/form';
import { UserPicker } from '../../components/user-picker';
import type { TokenFormValues } from './token-form';

/** The editable fields of a login token, shared by the New Login Token and edit dialogs. */
export function TokenFields(props: {
  control: Control<TokenFormValues>;
  register: UseFormRegister<TokenFormValues>;
  errors: FieldErrors<TokenFormValues>;
}) {
  const { control, register, errors } = props;
  return (
    <>
      <Controller
        control={control}
        name="user"
        render={({ field }) => (
          <UserPicker
            label="Select contact or customer"
            value={field.value}
            onChange={field.onChange}
            hint="Leave empty for an anonymous token."
          />
        )}
      />
      <ErrorText>{errors.user?.message}</ErrorText>
      <Controller
        control={control}
        name="expiresOn"
        render={({ field }) => (
          <DateField
            label="Expires at"
            value={field.value}
            onChange={field.onChange}
            error={errors.expiresOn?.message}
            hint="The token works through this day. Leave empty: it never expires."
          />
        )}
      />
      <div className="field">
        <label htmlFor="token-extra">Extra</label>
        <textarea
          id="token-extra"
          rows={3}
          placeholder='{"note": "OCI punch-out"}'
          aria-invalid={errors.extra ? true : undefined}
          aria-describedby={errors.extra ? 'token-extra-error' : undefined}
          {...register('extra')}
        />
        <ErrorText id="token-extra-error">{errors.extra?.message}</ErrorText>
      </div>
      <label className="check">
        <input type="checkbox" {...register('oneTimeUse')} />
        One time use
      </label>
    </>
  );
}

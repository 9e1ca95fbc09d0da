import type { UseFormRegisterReturn } from 'react-hook-form';
import { ErrorText, SelectField } from '../../components/form';
import { TextField } from '../../components/text-field';
import { GRANT_TYPES } from './client-form';

/** The grant types a client may use, one checkbox each, as clients.create and clients.update take them. */
export function GrantTypesField({ registration, error }: { registration: UseFormRegisterReturn; error: string | undefined }) {
  return (
    <fieldset>
      <legend>Grant types</legend>
      {GRANT_TYPES.map((grant) => (
        <label key={grant} className="check">
          <input type="checkbox" value={grant} {...registration} />
          <code>{grant}</code>
        </label>
      ))}
      <ErrorText>{error}</ErrorText>
    </fieldset>
  );
}

/** Whom a client signs in: its directory. */
export function SubjectTypeField({ registration, error }: { registration: UseFormRegisterReturn; error: string | undefined }) {
  return (
    <SelectField label="Signs in" error={error} {...registration}>
      <option value="customer">Customers (a storefront)</option>
      <option value="agent">Staff and agents</option>
    </SelectField>
  );
}

// Each address setting's label and hint, the same in the create and the edit form.
const ADDRESS_FIELDS = {
  redirectUris: { label: 'Redirect URIs', hint: 'One a line.', multiline: true },
  postLogoutRedirectUris: { label: 'Post-logout redirect URIs', hint: 'One a line: where a sign-out may return to.', multiline: true },
  corsOrigins: { label: 'Allowed origins (CORS)', hint: 'One a line: scheme://host[:port].', multiline: true },
  baseUrl: { label: 'Base URL', hint: "The storefront's address.", multiline: false },
  redirectAllowList: {
    label: 'Redirect allow list',
    hint: 'One URL a line: where a login link may redirect besides the base URL.',
    multiline: true,
  },
  loginUrl: { label: 'Login URL', hint: undefined, multiline: false },
  landingUrl: { label: 'Landing URL', hint: 'Where a login link lands.', multiline: false },
  logoutPath: {
    label: 'Logout path',
    hint: 'A signed login JWT redirecting here logs out instead, e.g. /login.php?action=logout.',
    multiline: false,
  },
} as const;

/** One of a client's addresses (redirects, origins, login-link URLs), labelled alike wherever it is edited. */
export function AddressField(props: { name: keyof typeof ADDRESS_FIELDS; registration: UseFormRegisterReturn; error: string | undefined }) {
  const { label, hint, multiline } = ADDRESS_FIELDS[props.name];
  return <TextField label={label} multiline={multiline} {...(hint ? { hint } : {})} error={props.error} {...props.registration} />;
}

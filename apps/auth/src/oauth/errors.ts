import { errors } from 'oidc-provider';

/**
 * oidc-provider's InvalidGrant always describes itself as "grant request is
 * invalid" and keeps the reason as a hidden detail. Latchkey's grants say
 * what went wrong where telling does not help an attacker (the message for
 * bad credentials is one and the same for every cause).
 */
export function invalidGrant(description: string): InstanceType<typeof errors.InvalidGrant> {
  return Object.assign(new errors.InvalidGrant(description), { error_description: description });
}

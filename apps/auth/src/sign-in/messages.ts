import type { LoginRefusal } from '../login/authenticate.js';

/** What the page says and answers for a refusal: one message for every credential failure, a wait for a lockout. */
export function refusalView(refusal: LoginRefusal): { status: number; message: string } {
  switch (refusal.code) {
    case 'invalid_credentials':
      return { status: 401, message: 'The e-mail address or the password is not right. Check both and try again.' };
    case 'account_locked':
    case 'ip_locked': {
      const minutes = Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60));
      return {
        status: 429,
        message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      };
    }
    case 'customer_email_unverified':
      return { status: 403, message: 'Your e-mail address is not verified yet. Follow the link in the e-mail we sent you, then sign in.' };
    default:
      return { status: 403, message: 'This account cannot sign in right now. Contact your administrator.' };
  }
}

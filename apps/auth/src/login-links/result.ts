import type { SubjectClaims } from '../subjects/claims.js';
import type { Session } from '../subjects/session.js';

/** A redeemed login link: the session it starts, the client it is for, where a browser should go. */
export type Redeemed = {
  ok: true;
  session: Session;
  clientId: string;
  redirectTo: string | null;
  loginTokenId: string | null;
  /** The session's claims, when redeeming already read what they need. */
  claims?: SubjectClaims;
};

export type Refused = { ok: false; reason: string };

export const refused = (reason: string): Refused => ({ ok: false, reason });

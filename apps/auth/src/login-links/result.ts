import type { Failure } from '@latchkey/core';
import type { SubjectClaims } from '../subjects/claims.js';
import type { Subject } from '../subjects/subject.js';

/** A redeemed login link: the session it starts, the client it is for, where a browser should go. */
export type Redeemed = {
  ok: true;
  session: Subject;
  clientId: string;
  redirectTo: string | null;
  loginTokenId: string | null;
  /** The session's claims, when redeeming already read what they need. */
  claims?: SubjectClaims;
};

/** A login link that was refused, with the refusal's code. */
export type Refused = Failure;

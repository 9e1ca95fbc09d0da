import { type LoginTokenRules, type LoginTokenWindowInput, loginTokenWindow } from '@latchkey/core';
import { trpcError } from '../errors.js';

/** Core's ruling on a token's validity window; a refusal is the caller's bad input. */
export function decideWindow(input: LoginTokenWindowInput, now: Date, rules: LoginTokenRules) {
  const decision = loginTokenWindow(input, now, rules);
  if (!decision.ok) throw trpcError(decision.code, `${decision.reason} (${decision.code})`);
  return decision.value;
}

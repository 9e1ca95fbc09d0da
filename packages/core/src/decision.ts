import type { RefusalCode } from './protocol/refusals.js';

/**
 * Every policy decision is a value or a failure with a stable `code` (the
 * codes and what they mean are listed in protocol/refusals.ts); callers
 * switch on the code and map it to an OAuth or tRPC error. `reason` is the
 * description clients read; never match on it.
 */
export type Success<T> = { readonly ok: true; readonly value: T };
export type Failure = { readonly ok: false; readonly code: RefusalCode; readonly reason: string };
export type Decision<T> = Success<T> | Failure;

export const ok = <T>(value: T): Success<T> => ({ ok: true, value });
export const fail = (code: RefusalCode, reason: string): Failure => ({ ok: false, code, reason });

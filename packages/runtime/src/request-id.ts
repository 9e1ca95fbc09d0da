import { randomUUID } from 'node:crypto';

// What a trusted proxy may hand on: an id a log search can use, nothing that could split a log line.
const USABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the trusted proxy's X-Request-Id when it sent a usable one, else a new one. */
export function requestIdOf(header: string | string[] | undefined, trustProxy: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  return trustProxy && given && USABLE.test(given) ? given : randomUUID();
}

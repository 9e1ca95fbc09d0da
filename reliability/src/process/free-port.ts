// The auth process logs a fixed port, so it cannot take 0: it is told one nothing listens on.
export { freePort } from '@latchkey/db/free-port';

import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * Every embedded database Latchkey opens, with the extensions its
 * migrations create (`pg_trgm` for the user picker's search): PGlite loads
 * contrib extensions only when they are passed at open.
 */
export const openPGlite = (options: Omit<PGliteOptions, 'extensions'> = {}): Promise<PGlite> =>
  PGlite.create({ ...options, extensions: { pg_trgm } });

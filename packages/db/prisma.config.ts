import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only: migrations run through the wasm schema
// engine (src/migrate.ts), so no datasource URL is needed here.
export default defineConfig({ schema: 'prisma/schema.prisma' });

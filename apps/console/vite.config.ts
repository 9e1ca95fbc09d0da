import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Served by the admin API at /console/ (same origin as /trpc). Workspace
// packages are bundled from their TypeScript sources, like the tests read them.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: { conditions: ['@latchkey/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  // `npm run dev`: the api at :4001 answers /trpc and the console's config.
  server: { proxy: { '/trpc': 'http://localhost:4001', '/console/config.json': 'http://localhost:4001' } },
});

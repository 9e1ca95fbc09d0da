// Builds what the package publishes (see README "What the tarball holds"):
// dist/index.js, the client's code with the bits of @latchkey/core/protocol it
// uses inlined (esbuild), and dist/index.d.ts, one declaration file with the
// admin router's type inlined (rollup + rollup-plugin-dts) from the
// declarations tsc emitted into dist/types. Only npm registry packages stay
// imported: @trpc/client and jose at run time, @trpc/server and zod for types
// (the router's inputs name zod's JSON type; its context, the server's policy).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const EXTERNAL = /^(@trpc\/client|@trpc\/server|jose|zod)(\/|$)/;

await build({
  entryPoints: [here('src/index.ts')],
  outfile: here('dist/index.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  sourcemap: true,
  // Workspace packages resolve to their TypeScript sources, so nothing needs them built first.
  conditions: ['@latchkey/source'],
  external: ['@trpc/client', 'jose'],
  logLevel: 'warning',
});

const bundle = await rollup({
  input: here('dist/types/index.d.ts'),
  // Every package but the workspace's stays an import; what the client's types do not reach
  // (the server's pino, node:http, ...) is shaken off, and the check below fails on anything left.
  external: (id) => !/^(\.|\/|@latchkey\/)/.test(id),
  plugins: [
    {
      name: 'server-only-types',
      resolveId: (id) => (id === '@latchkey/db' ? here('scripts/server-only.d.ts') : null),
    },
    // NodeNext resolution reads the workspace packages' `exports` (their `types`: built declarations).
    dts({ respectExternal: true, compilerOptions: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext } }),
  ],
  onwarn: (warning) => {
    throw new Error(`declaration bundle: ${warning.message}`);
  },
});
await bundle.write({ file: here('dist/index.d.ts'), format: 'es' });
await bundle.close();

// The published files must not reach back into the monorepo.
for (const file of ['dist/index.js', 'dist/index.d.ts']) {
  const text = await readFile(here(file), 'utf8');
  const imported = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
  const foreign = imported.filter((id) => !EXTERNAL.test(id));
  if (foreign.length > 0) throw new Error(`${file} imports ${[...new Set(foreign)].join(', ')}`);
}

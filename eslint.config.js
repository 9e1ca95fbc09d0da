// ESLint runs only the type-aware rules Biome cannot: a promise nobody awaits or handles is, in a
// server, an unhandled rejection that ends the process or a write that lands after the response.
// Biome (biome.jsonc) does formatting and every other rule.
import tseslint from 'typescript-eslint';

// The Node workspaces share one tsconfig (tsconfig.lint.json, the same options as each of theirs):
// one program for all of them costs under half of one program per workspace, which type-checks the
// sources of core and db, and Prisma's generated types, again in every package that imports them.
const node = ['apps/api', 'apps/auth', 'apps/server', 'packages/*', 'bench', 'reliability', 'examples'];

const rules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '**/coverage/**',
      '**/.turbo/**',
      'bench/results/**',
      'packages/client/scripts/server-only.d.ts',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: node.map((dir) => `${dir}/**/*.ts`),
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules,
  },
  {
    // Any other app (one with its own compiler options, a browser app) is linted through its own tsconfig.json.
    files: ['apps/*/**/*.{ts,tsx}'],
    ignores: node.map((dir) => `${dir}/**`),
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules,
  },
);

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const HEADER = "// The README's snippet, verbatim (the package name resolves to this package):\n// checked by `tsc --noEmit`, never run.\n";
const files = ['readme-admin.ts', 'readme-spa.ts', 'readme-sign-in.ts', 'readme-verifier.ts'];

// The typecheck proves test/types/readme-*.ts compile; this proves the README shows exactly them.
// (The repository README's snippets are the examples' files: examples/test checks those.)
describe('README snippets', () => {
  it('are the type-checked files, verbatim and in order', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
    const checked = await Promise.all(files.map((file) => readFile(new URL(`./types/${file}`, import.meta.url), 'utf8')));
    expect(blocks.map((block) => HEADER + block)).toEqual(checked);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const SOURCE = new URL('../src/', import.meta.url);

// A browser or Node consumer must not load the server: the api package is a type-only dependency, and of
// core only the protocol vocabulary (which loads nothing but jose) is loaded.
describe('what the package loads at run time', () => {
  it('takes nothing but types from the api, nothing from node:, and of core only its protocol', async () => {
    const offending: string[] = [];
    for (const file of await readdir(SOURCE)) {
      const text = await readFile(new URL(file, SOURCE), 'utf8');
      for (const line of text.split('\n')) {
        const valueImport =
          /^\s*(import|export)\s+(?!type\b)[^;]*from\s+'(@latchkey\/(api|auth|db)[^']*|@latchkey\/core(?!\/protocol')[^']*|node:[^']+)'/.test(
            line,
          );
        if (valueImport) offending.push(`${file}: ${line.trim()}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

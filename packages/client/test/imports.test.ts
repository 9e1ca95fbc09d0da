import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const SOURCE = new URL('../src/', import.meta.url);

// A browser or Node consumer must not load the server: the api package is a type-only dependency.
describe('what the package loads at run time', () => {
  it('takes nothing but types from the api, and nothing from node:', async () => {
    const offending: string[] = [];
    for (const file of await readdir(SOURCE)) {
      const text = await readFile(new URL(file, SOURCE), 'utf8');
      for (const line of text.split('\n')) {
        const valueImport = /^\s*(import|export)\s+(?!type\b)[^;]*from\s+'(@latchkey\/(api|auth|db|core)[^']*|node:[^']+)'/.test(line);
        if (valueImport) offending.push(`${file}: ${line.trim()}`);
      }
    }
    expect(offending).toEqual([]);
  });
});

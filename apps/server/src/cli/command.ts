import type { ParseArgsConfig } from 'node:util';

type CliIo = { out(text: string): void; err(text: string): void };
export type CliDeps = { env: Record<string, string | undefined>; io: CliIo; fetch?: typeof fetch };
type Value = string | boolean | (string | boolean)[] | undefined;
type Parsed = { values: Record<string, Value>; positionals: string[] };

/** One `latchkey <command>`: its words, its help and what it does; answers the exit code. */
export type Command = {
  words: string;
  summary: string;
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  positionals?: number;
  run(args: Parsed, deps: CliDeps, json: boolean): Promise<number>;
};

/** Exit codes: 0 done, 1 refused or failed, 2 the command line itself is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Prints a result: JSON for scripts with --json, lines for people otherwise. */
export function print(deps: CliDeps, json: boolean, value: unknown, lines: () => string[]): void {
  deps.io.out(json ? JSON.stringify(value, null, 2) : lines().join('\n'));
}

/** A page of a list: as JSON, or a line per item (`none` when it is empty). */
export function printPage<T>(deps: CliDeps, json: boolean, page: { items: T[] }, line: (item: T) => string, none: string): void {
  print(deps, json, page, () => (page.items.length ? page.items.map(line) : [none]));
}

export const list = (value: Value): string[] =>
  value === undefined || typeof value === 'boolean'
    ? []
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [value];
export const text = (value: Value): string | undefined => (typeof value === 'string' ? value : undefined);

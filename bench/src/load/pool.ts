/** What a pool reports after a scenario: how much of it was used and whether it ran out. */
export type PoolUsage = { size: number; used: number; dry: boolean };

export type TokenPool<T> = {
  /** The next unused item; once the pool is empty, `onDry` is called and the last item is handed out again. */
  take(): T;
  readonly remaining: number;
  usage(): PoolUsage;
};

/**
 * Single-use items (refresh tokens, login tokens, users) handed to requests
 * one at a time, so no request reuses one. A pool that runs dry says so: the
 * scenario is stopped and the report marks it.
 */
export function createTokenPool<T>(items: readonly T[], onDry: () => void = () => {}): TokenPool<T> {
  if (items.length === 0) throw new Error('a token pool needs at least one item');
  let next = 0;
  let dry = false;
  return {
    take() {
      if (next < items.length) return items[next++]!;
      if (!dry) {
        dry = true;
        onDry();
      }
      return items[items.length - 1]!;
    },
    get remaining() {
      return items.length - next;
    },
    usage: () => ({ size: items.length, used: next, dry }),
  };
}

/** Reusable items (introspected tokens, list queries) handed out round robin. */
export function createCycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('a cycle needs at least one item');
  let next = 0;
  return () => items[next++ % items.length]!;
}

import { isTokens, type Tokens } from './tokens.js';

type MaybePromise<T> = T | Promise<T>;

/** Where the auth client keeps its tokens; sync or async, so IndexedDB or a server session fit too. */
export type TokenStorage = {
  get(): MaybePromise<Tokens | null>;
  set(tokens: Tokens): MaybePromise<void>;
  clear(): MaybePromise<void>;
};

/** The subset of the Web Storage API the adapter uses (`localStorage`, `sessionStorage`, or your own). */
export type StorageLike = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

/** Tokens in this object only: gone on reload, and out of reach of other scripts' storage reads. */
export function memoryStorage(initial: Tokens | null = null): TokenStorage {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
    clear: () => {
      tokens = null;
    },
  };
}

/**
 * Tokens as JSON under one key of a Storage-like object, e.g.
 * `webStorage(localStorage)`. Whatever is unreadable there (another app's
 * value, an older format) counts as no session rather than an error.
 */
export function webStorage(storage: StorageLike, key = 'latchkey.tokens'): TokenStorage {
  return {
    get() {
      const text = storage.getItem(key);
      if (!text) return null;
      try {
        const value: unknown = JSON.parse(text);
        return isTokens(value) ? value : null;
      } catch {
        return null;
      }
    },
    set: (tokens) => storage.setItem(key, JSON.stringify(tokens)),
    clear: () => storage.removeItem(key),
  };
}

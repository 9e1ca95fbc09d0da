export type SingleFlight<T> = {
  /** The job's promise: the one under way, or a new run. */
  run(): Promise<T>;
  /** The run under way, if any, without starting one. */
  pending(): Promise<T> | null;
};

/**
 * Wraps an async job so that calls made while it runs share its promise
 * instead of starting it again. Latchkey rotates refresh tokens: two
 * refreshes racing with one token would spend it twice.
 */
export function singleFlight<T>(job: () => Promise<T>): SingleFlight<T> {
  let current: Promise<T> | null = null;
  return {
    run: () =>
      (current ??= job().finally(() => {
        current = null;
      })),
    pending: () => current,
  };
}

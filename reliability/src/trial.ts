/** Starts `n` calls in the same tick, so they reach the server as close together as HTTP allows. */
export function together<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** Collects what went wrong in a run of trials, keeping the first few in full. */
export function createFailureLog(keep = 5) {
  const examples: string[] = [];
  let count = 0;
  return {
    add(trial: number, what: string) {
      count++;
      if (examples.length < keep) examples.push(`trial ${trial}: ${what}`);
    },
    get count() {
      return count;
    },
    examples,
  };
}

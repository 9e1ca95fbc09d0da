// The child side of the bench's IPC: configuration in, messages out.

/** The JSON configuration the bench passed in BENCH_CHILD_CONFIG. */
export function childConfig<T>(): T {
  const raw = process.env.BENCH_CHILD_CONFIG;
  if (!raw) throw new Error('BENCH_CHILD_CONFIG is not set: this module runs as a child of the bench');
  return JSON.parse(raw) as T;
}

export function send(message: { type: string } & Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('no IPC channel to the bench'));
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** Answers requests of one type from the bench, one at a time. */
export function onRequest<T extends { type: string }>(
  type: T['type'],
  handle: (message: T) => Promise<{ type: string } & Record<string, unknown>>,
): void {
  let queue = Promise.resolve();
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== type) return;
    queue = queue
      .then(() => handle(message as T))
      .then(send, (error: unknown) => send({ type: 'error', error: String(error instanceof Error ? error.stack : error) }));
  });
}

/** Runs a child's main, reporting a failure to the bench before exiting. */
export function runChild(main: () => Promise<void>): void {
  main().catch(async (error: unknown) => {
    console.error(error);
    await send({ type: 'error', error: String(error instanceof Error ? error.stack : error) }).catch(() => {});
    process.exit(1);
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

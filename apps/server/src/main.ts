// `npm start`: Latchkey in one process. The only module that reads the environment.
import { startFromEnvironment } from './run.js';

const started = await startFromEnvironment(process.env).catch((error: unknown) => {
  console.error(`latchkey: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(started.banner);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 10_000).unref();
  await started.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

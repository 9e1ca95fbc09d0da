import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as engineModule from '@prisma/schema-engine-wasm/schema_engine_bg';

type SchemaEngine = Awaited<ReturnType<typeof engineModule.SchemaEngine.new>>;

let instantiated: Promise<void> | undefined;

// The wasm-bindgen glue needs its module instantiated by hand: importing the
// .wasm as an ES module would need --experimental-wasm-modules on Node 20.
function instantiate(): Promise<void> {
  instantiated ??= (async () => {
    const glue = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bytes = await readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': engineModule });
    engineModule.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return instantiated;
}

/**
 * The engine opens adapters (each a new pg pool with @prisma/adapter-pg)
 * and never disposes them; track them so closing the engine closes them.
 */
function tracked(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    const ready = await adapter;
    opened.push(ready);
    return ready;
  };
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const disposeAll = async () => {
    await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
  };
  return { wrapped, disposeAll };
}

export type EngineLog = (line: string) => void;

/** Runs `work` with a Prisma schema engine (migrations, diffs) on a driver adapter, fully offline. */
export async function withSchemaEngine<T>(
  schema: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await instantiate();
  const { wrapped, disposeAll } = tracked(adapter);
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(wrapped),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await disposeAll();
  }
}

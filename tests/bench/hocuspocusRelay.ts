// A durable rival for tests/bench/relay.bench.ts: Hocuspocus 3.4.4 (the last line that runs
// on Node 20; 4.x needs Node 22) with its Database extension — the one its SQLite, Redis
// and other stores are built on — keeping documents in LevelDB in DATA_DIR (through
// `level`, whose binaries come prebuilt: the SQLite extension's sqlite3 compiles on
// install, which `npm ci` here must not need). Every other setting at its default:
// documents stored whole (Y.encodeStateAsUpdate) 2 s after the last change, at most every
// 10 s (debounce/maxDebounce), unloaded when their last connection closes. No
// onAuthenticate hook, so any token passes. Prints the same "running at" line as our
// relay, so tests/helpers/childRelay.ts starts it.
import path from 'node:path';
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { Level } from 'level';

const database = path.join(process.env.DATA_DIR!, 'hocuspocus-leveldb');
const documents = new Level<string, Uint8Array>(database, { valueEncoding: 'view' });
await documents.open();
const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  // The benchmark stops it with SIGTERM and waits; handled below with a deadline.
  stopOnSignals: false,
  extensions: [
    new Database({
      // A document never stored is new: `level` 8 answers a missing key with a NotFound
      // error (LEVEL_NOT_FOUND) rather than undefined, and Hocuspocus would deny the connection.
      fetch: async ({ documentName }) => {
        try {
          return (await documents.get(documentName)) ?? null;
        } catch (error) {
          if ((error as { code?: string }).code === 'LEVEL_NOT_FOUND') return null;
          throw error;
        }
      },
      store: async ({ documentName, state }) => {
        await documents.put(documentName, state);
      },
    }),
  ],
});
await server.listen();
console.log(`Hocuspocus running at http://127.0.0.1:${server.address.port} (LevelDB ${database})`);

/** destroy() waits for every document to be stored and unloaded; never longer than this. */
const STOP_DEADLINE_MS = 5_000;
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
  void server.destroy().then(() => process.exit(0));
});

// The benchmark sends SIGUSR2 before it reads this process's memory: a full collection
// first, so every relay is measured by what it keeps, not by garbage not yet collected.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());

// A board's stored log merged on a worker thread when it is big. Merging is synchronous
// Yjs work proportional to the whole board: compacting a busy board's log held the relay's
// event loop for 10–60 ms at a time (measured on the relay bench, 1 board × 50 at 2,000
// updates/s), and every update that arrived meanwhile, on every board, waited — most of the
// relay's latency tail. On the worker the relay goes on deciding and relaying; only the
// store's own queue waits for the result, as it waited for the synchronous merge before.
// Small logs are merged in place: posting them costs more than merging them.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { mergeStoredUpdates } from './mergeLog.ts';

/** Logs smaller than this (bytes, all entries) are merged on the calling thread. */
export const OFF_THREAD_FROM_BYTES = 64 * 1024;

// Plain JavaScript, so the worker runs however the relay was started (tsx, Vitest, node):
// it loads Yjs's CommonJS build by the path the relay itself resolves.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
parentPort.on('message', ({ id, updates }) => {
  try {
    const merged = Y.mergeUpdates(updates);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, failed: String(error) });
  }
});
`;

type Answer = { id: number; merged: Uint8Array } | { id: number; failed: string };

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (merged: Uint8Array | null) => void }>();

function mergeWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs: createRequire(import.meta.url).resolve('yjs') } });
  started.on('message', (answer: Answer) => {
    const request = waiting.get(answer.id);
    if (!request) return;
    waiting.delete(answer.id);
    if (waiting.size === 0) started.unref();
    request.resolve('merged' in answer ? answer.merged : null);
  });
  // A worker that cannot start or dies: everything it held is merged in place instead.
  const fail = () => {
    if (worker === started) worker = null;
    for (const request of waiting.values()) request.resolve(null);
    waiting.clear();
  };
  started.on('error', fail);
  started.on('exit', fail);
  started.unref();
  worker = started;
  return started;
}

/**
 * As mergeStoredUpdates, without holding the event loop for a big log. A damaged log is
 * refused with the same StoreError, naming the entry (found again in place: a rare path).
 */
export async function mergeStoredUpdatesOffThread(boardId: string, updates: Uint8Array[]): Promise<Uint8Array> {
  const bytes = updates.reduce((sum, update) => sum + update.length, 0);
  if (bytes < OFF_THREAD_FROM_BYTES) return mergeStoredUpdates(boardId, updates);
  const merged = await new Promise<Uint8Array | null>((resolve) => {
    const id = nextId++;
    try {
      const thread = mergeWorker();
      waiting.set(id, { resolve });
      thread.ref();
      thread.postMessage({ id, updates });
    } catch {
      waiting.delete(id);
      resolve(null);
    }
  });
  return merged ?? mergeStoredUpdates(boardId, updates);
}

// The LevelDB store on its own, on a real directory: existence, durability, compaction.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newBoardId } from '../../shared/ids.ts';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.ts';
import { addBelief, beliefCount, createBoard, readBoardMeta } from '../../shared/model.ts';
import { StoreError, type StoredBoard } from '../../server/store/boardStore.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-store-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A new board's first state, as the server writes it. */
function initialState(title: string): Uint8Array {
  const doc = new Y.Doc();
  createBoard(doc, { title });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Applies `count` one-belief updates to `doc`, handing each to `write`. */
function addBeliefs(doc: Y.Doc, count: number, write: (update: Uint8Array) => void): void {
  const handler = (update: Uint8Array) => write(update);
  doc.on('update', handler);
  for (let i = 0; i < count; i++) addBelief(doc, { text: `b${i}`, x: i, y: 0, authorId: 'p' }, 'test');
  doc.off('update', handler);
}

function docOf(state: StoredBoard | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state.state);
  return doc;
}

describe('LeveldbStore', () => {
  it('knows only boards that were created', async () => {
    const store = await LeveldbStore.open(dataDir);
    const id = newBoardId();
    expect(await store.hasBoard(id)).toBe(false);
    expect(await store.loadBoard(id)).toBeNull();
    await store.createBoard(id, initialState('Hello'));
    expect(await store.hasBoard(id)).toBe(true);
    expect(readBoardMeta(docOf(await store.loadBoard(id))).title).toBe('Hello');
    await store.close();
  });

  it('keeps every update written before close, even ones not awaited', async () => {
    const id = newBoardId();
    let store = await LeveldbStore.open(dataDir);
    await store.createBoard(id, initialState('Durable'));
    const doc = docOf(await store.loadBoard(id));
    addBeliefs(doc, 50, (update) => void store.appendUpdate(id, update));
    await store.close();

    store = await LeveldbStore.open(dataDir);
    expect(beliefCount(docOf(await store.loadBoard(id)))).toBe(50);
    await store.close();
  });

  it('compacts the log once it passes the limit, and on demand, losing nothing', async () => {
    const store = await LeveldbStore.open(dataDir);
    const id = newBoardId();
    await store.createBoard(id, initialState('Long-lived'));
    const doc = docOf(await store.loadBoard(id));
    const total = COMPACT_AFTER_UPDATES * 2;
    // One update per event-loop turn, so each becomes its own log entry.
    const updates: Uint8Array[] = [];
    addBeliefs(doc, total, (update) => updates.push(update));
    for (const update of updates) await store.appendUpdate(id, update);
    // Without compaction the log would hold total + 1 entries.
    expect(await store.storedUpdateCount(id)).toBeLessThanOrEqual(COMPACT_AFTER_UPDATES + 1);
    expect(beliefCount(docOf(await store.loadBoard(id)))).toBe(total);

    await store.compact(id);
    expect(await store.storedUpdateCount(id)).toBe(1);
    const reloaded = docOf(await store.loadBoard(id));
    expect(beliefCount(reloaded)).toBe(total);
    expect(readBoardMeta(reloaded).title).toBe('Long-lived');
    await store.close();
  });

  it('writes what several boards get in one turn together, and keeps appending after compaction', async () => {
    const ids = [newBoardId(), newBoardId()];
    let store = await LeveldbStore.open(dataDir);
    const docs = await Promise.all(
      ids.map(async (id) => {
        await store.createBoard(id, initialState(id));
        return docOf(await store.loadBoard(id));
      }),
    );
    // Both boards' updates in one turn: one batch, one new entry per board.
    const turn: Promise<void>[] = [];
    docs.forEach((doc, i) => addBeliefs(doc, 3, (update) => turn.push(store.appendUpdate(ids[i], update).then(() => undefined))));
    await Promise.all(turn);
    for (const id of ids) expect(await store.storedUpdateCount(id)).toBe(2);

    // After compaction the log starts again under a new clock: later entries must not overwrite it.
    await store.compact(ids[0]);
    expect(await store.storedUpdateCount(ids[0])).toBe(1);
    for (let i = 0; i < 3; i++) {
      const updates: Uint8Array[] = [];
      addBeliefs(docs[0], 1, (update) => updates.push(update));
      await store.appendUpdate(ids[0], updates[0]);
    }
    expect(await store.storedUpdateCount(ids[0])).toBe(4);
    await store.close();

    store = await LeveldbStore.open(dataDir);
    expect(beliefCount(docOf(await store.loadBoard(ids[0])))).toBe(6);
    expect(beliefCount(docOf(await store.loadBoard(ids[1])))).toBe(3);
    await store.close();
  });

  it('merges a board’s batch into entries of at most 64 updates, each update numbered by its own entry', async () => {
    // Yjs merges a thousand small updates at 20 µs each: one merge of a batch that grew
    // under load held the event loop for tens of milliseconds.
    const store = await LeveldbStore.open(dataDir);
    try {
      const id = newBoardId();
      await store.createBoard(id, initialState('Busy board'));
      const doc = docOf(await store.loadBoard(id));
      const appends: Promise<number>[] = [];
      addBeliefs(doc, 150, (update) => appends.push(store.appendUpdate(id, update)));
      const seqs = await Promise.all(appends);
      const first = seqs[0];
      expect(seqs).toEqual(seqs.map((_, i) => first + Math.floor(i / 64)));
      const entries = await store.updatesSince(id, first - 1);
      expect(entries.map((entry) => entry.seq)).toEqual([first, first + 1, first + 2]);
      expect(beliefCount(docOf(await store.loadBoard(id)))).toBe(150);
    } finally {
      await store.close();
    }
  });

  it('refuses to open a directory another store holds, saying so', async () => {
    const first = await LeveldbStore.open(dataDir);
    await expect(LeveldbStore.open(dataDir)).rejects.toThrow(StoreError);
    await expect(LeveldbStore.open(dataDir)).rejects.toThrow(/another Beliefmap/);
    await first.close();
  });
});

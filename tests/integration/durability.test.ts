// "Saved means stored" and its neighbours, through the real relay and store: stock
// clients are untouched by the confirmation message, confirmations cover deletions,
// a reconnect resends only what changed, compaction keeps updates that arrive while it
// runs, and a damaged board is refused by name while the others keep working.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { addBelief, beliefCount, createBoard, deleteBeliefs, listBeliefs, readBelief, setBeliefText, setPosition } from '../../shared/model.ts';
import { newBoardId } from '../../shared/ids.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { LeveldbPersistence } from 'y-leveldb';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { accessOf, connectProvider, participantParams, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const ME = { kind: 'test' };
let relay: TestRelay | null = null;
let cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
  await relay?.close();
  relay = null;
});

function connect(boardId: string, as = 'a'): ConnectedProvider {
  const connected = connectProvider(relay!.wsUrl, boardId, { as });
  cleanups.push(() => connected.destroy());
  return connected;
}

function track(connected: ConnectedProvider): SaveTracker {
  const tracker = new SaveTracker(connected.provider, connected.doc, (origin) => origin === ME);
  cleanups.push(() => tracker.destroy());
  return tracker;
}

describe('saved means stored', () => {
  it('leaves a stock y-websocket client alone: it syncs and never hears an unknown message', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Stock');
    const errors = vi.spyOn(console, 'error');
    onTestFinished(() => errors.mockRestore());
    const ours = connect(boardId);
    const tracker = track(ours);
    const stock = connect(boardId, 'b');
    await Promise.all([waitSynced(ours.provider), waitSynced(stock.provider)]);
    addBelief(ours.doc, { text: 'from ours', x: 0, y: 0, authorId: 'a' }, ME);
    addBelief(stock.doc, { text: 'from stock', x: 0, y: 0, authorId: 'b' }, ME);
    await waitFor(() => beliefCount(ours.doc) === 2 && beliefCount(stock.doc) === 2, 5_000, 'both beliefs on both');
    await waitFor(() => tracker.unconfirmed === 0, 5_000, 'our change to be confirmed');
    // y-websocket reports a message type it has no handler for with console.error.
    expect(errors).not.toHaveBeenCalled();
  });

  it('confirms additions, text edits and deletions, with a stored state vector that covers them', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Confirmed');
    const alice = connect(boardId);
    const tracker = track(alice);
    await waitSynced(alice.provider);
    await waitFor(() => tracker.unconfirmed === 0, 5_000, 'a quiet start');

    const id = addBelief(alice.doc, { text: 'draft', x: 0, y: 0, authorId: 'a' }, ME);
    setBeliefText(alice.doc, id, 'final words', ME);
    expect(tracker.unconfirmed).toBe(2);
    await waitFor(() => tracker.unconfirmed === 0, 5_000, 'the additions to be confirmed');
    const stored = Y.decodeStateVector(tracker.lastStoredStateVector!);
    expect(stored.get(alice.doc.clientID)).toBe(Y.getState(alice.doc.store, alice.doc.clientID));

    // A deletion does not move the state vector: only the relay's answer can confirm it.
    deleteBeliefs(alice.doc, [id], 'a', ME);
    expect(tracker.unconfirmed).toBe(1);
    await waitFor(() => tracker.unconfirmed === 0, 5_000, 'the deletion to be confirmed');
    expect(tracker.confirmedCount).toBe(tracker.madeCount);

    await relay.restart();
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(listBeliefs(fresh.doc)).toEqual([]);
    expect(readBelief(fresh.doc, id)).toMatchObject({ deletedBy: 'a' });
  });

  it('confirms nothing while the relay is away, and everything once it is back', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Away');
    const alice = connect(boardId);
    const tracker = track(alice);
    await waitSynced(alice.provider);
    alice.provider.disconnect();
    for (let i = 0; i < 5; i++) addBelief(alice.doc, { text: `offline ${i}`, x: i, y: 0, authorId: 'a' }, ME);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tracker.unconfirmed).toBe(5);
    alice.provider.connect();
    await waitFor(() => tracker.unconfirmed === 0, 5_000, 'the offline changes to be confirmed');
  });

  it('counts the things changed offline — one note typed letter by letter and two positions are 3 — and none once confirmed', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Counted');
    const alice = connect(boardId);
    const tracker = track(alice);
    await waitSynced(alice.provider);
    await waitFor(() => tracker.unconfirmedThings === 0, 5_000, 'a quiet start');
    const earlier = addBelief(alice.doc, { text: 'written online', x: 300, y: 0, authorId: 'a' }, ME);
    await waitFor(() => tracker.unconfirmedThings === 0, 5_000, 'the first note to be confirmed');

    alice.provider.disconnect();
    const id = addBelief(alice.doc, { text: '', x: 0, y: 0, authorId: 'a' }, ME);
    const sentence = 'Typed while offline.';
    for (let i = 1; i <= sentence.length; i++) setBeliefText(alice.doc, id, sentence.slice(0, i), ME);
    setPosition(alice.doc, id, 'a', { agreement: 2, direction: null }, ME);
    setPosition(alice.doc, earlier, 'a', { agreement: -1, direction: null }, ME);
    expect(tracker.unconfirmed).toBe(sentence.length + 3);
    expect(tracker.unconfirmedThings).toBe(3);

    alice.provider.connect();
    await waitFor(() => tracker.unconfirmed === 0 && tracker.unconfirmedThings === 0, 5_000, 'the offline things to be confirmed');
  });
});

/** A ws WebSocket that counts the bytes it sends and receives. */
function countingWebSocket(counter: { sent: number; received: number }): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols, options);
      this.on('message', (data: Buffer) => {
        counter.received += data.byteLength;
      });
    }
    override send(data: Uint8Array, ...rest: unknown[]): void {
      counter.sent += data.byteLength;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket;
}

describe('reconnecting', () => {
  it('resends only what changed, not the whole board', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Big board');
    const counter = { sent: 0, received: 0 };
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(relay.wsUrl, boardId, doc, {
      WebSocketPolyfill: countingWebSocket(counter),
      disableBc: true,
      params: { [ACCESS_KEY_PARAM]: accessOf(boardId).secrets.edit, ...participantParams('a') },
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    await waitSynced(provider);
    for (let i = 0; i < 400; i++) addBelief(doc, { text: `belief number ${i} with some words in it`, x: i, y: i, authorId: 'a' }, ME);
    const other = connect(boardId, 'b');
    await waitSynced(other.provider);
    await waitFor(() => beliefCount(other.doc) === 400, 10_000, 'the board to reach the relay');
    const boardBytes = Y.encodeStateAsUpdate(doc).byteLength;

    provider.disconnect();
    addBelief(doc, { text: 'mine, offline', x: 0, y: 0, authorId: 'a' }, ME);
    addBelief(other.doc, { text: 'theirs, meanwhile', x: 0, y: 0, authorId: 'b' }, ME);
    counter.sent = 0;
    counter.received = 0;
    provider.connect();
    await waitSynced(provider);
    await waitFor(() => beliefCount(doc) === 402 && beliefCount(other.doc) === 402, 5_000, 'both changes on both');
    console.log(`board ${boardBytes} bytes; reconnect sent ${counter.sent} and received ${counter.received} bytes`);
    expect(counter.sent + counter.received).toBeLessThan(boardBytes / 20);
  });
});

describe('the store under stress and damage', () => {
  it('keeps every update appended while compactions run', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-compact-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    let store = await LeveldbStore.open(dataDir);
    const id = newBoardId();
    const source = new Y.Doc();
    createBoard(source, { title: 'Hammered' });
    await store.createBoard(id, Y.encodeStateAsUpdate(source));
    await store.loadBoard(id);
    const writes: Promise<void>[] = [];
    source.on('update', (update: Uint8Array) => writes.push(store.appendUpdate(id, update).then(() => undefined)));
    const total = 1_500;
    for (let i = 0; i < total; i++) {
      addBelief(source, { text: `n${i}`, x: i, y: 0, authorId: 'p' }, ME);
      // Explicit compactions between appends, on top of the automatic ones.
      if (i % 97 === 0) writes.push(store.compact(id));
    }
    await Promise.all(writes);
    await store.close();
    store = await LeveldbStore.open(dataDir);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.loadBoard(id))!.state);
    expect(beliefCount(stored)).toBe(total);
    expect(listBeliefs(stored).map((b) => b.text).sort()).toEqual(listBeliefs(source).map((b) => b.text).sort());
    await store.close();
  });

  /**
   * Starts the relay on `dataDir` and opens both boards: the damaged one must be refused
   * with CLOSE.storeFailed while the healthy one syncs. Returns the relay's log.
   */
  async function refusedByName(dataDir: string, damaged: string, healthy: string): Promise<string> {
    const lines: string[] = [];
    relay = await startTestRelay({ dataDir, log: (line) => lines.push(line) });
    const closes: number[] = [];
    const broken = connect(damaged);
    broken.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    const fine = connect(healthy);
    await waitSynced(fine.provider);
    await waitFor(() => closes.length > 0, 5_000, 'the damaged board to be refused');
    expect(closes[0]).toBe(CLOSE.storeFailed);
    return lines.join('\n');
  }

  it('refuses a damaged board by name and keeps serving the others', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-damaged-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    relay = await startTestRelay({ dataDir });
    const damaged = await relay.createBoard('Damaged');
    const healthy = await relay.createBoard('Healthy');
    await relay.close();
    const store = await LeveldbStore.open(dataDir);
    // A half-written entry, as a disk fault could leave it.
    const board = new Y.Doc();
    createBoard(board, { title: 'Damaged' });
    const entry = Y.encodeStateAsUpdate(board);
    await store.appendUpdate(damaged, entry.slice(0, entry.length - 5));
    await expect(store.loadBoard(damaged)).rejects.toThrow(new RegExp(`The board ${damaged} is damaged: stored update 2 of 2`));
    await store.close();

    expect(await refusedByName(dataDir, damaged, healthy)).toContain(`The board ${damaged} is damaged: stored update 2 of 2`);
  });

  it('refuses a board whose only stored entry is damaged', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-damaged-one-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    relay = await startTestRelay({ dataDir });
    const damaged = await relay.createBoard('Damaged');
    const healthy = await relay.createBoard('Healthy');
    await relay.close();
    // Overwrite the board's one log entry (clock 0) with a truncated copy, under y-leveldb's own key.
    const persistence = new LeveldbPersistence(dataDir);
    const board = new Y.Doc();
    createBoard(board, { title: 'Damaged' });
    const entry = Y.encodeStateAsUpdate(board);
    await persistence._transact((db) => db.batch([{ type: 'put', key: ['v1', damaged, 'update', 0], value: entry.slice(0, entry.length - 5) }]));
    await persistence.destroy();

    expect(await refusedByName(dataDir, damaged, healthy)).toContain(`The board ${damaged} is damaged: its stored state cannot be read`);
  });
});

// The default store: y-leveldb (LevelDB, made for Yjs 13) in DATA_DIR. Each board is an
// append-only log of Yjs updates plus a `createdAt` meta entry that marks it as created,
// so a typo in a link never conjures an empty board.
//
// y-leveldb runs every operation, ours and its own, through one promise queue
// (`_transact`), so writes are serialized, compaction (`flushDocument`: read the log,
// store the merged update, delete the older entries, all inside one queued step) cannot
// interleave with an append, and `destroy()` runs after everything queued before it.
// The queue swallows errors (it logs them and resolves with null), so each call here
// checks what came back.
//
// Appends do not go through y-leveldb's `storeUpdate`, which reads the log's last clock
// with an iterator before every put: everything accepted in one turn of the event loop,
// for every board, is written as one LevelDB batch (one merged entry per board, keyed as
// y-leveldb keys it), with each board's clock kept in memory between batches.
import * as Y from 'yjs';
import { isBoardId } from '../../shared/ids.ts';
import { getCurrentUpdateClock, getLevelUpdates, LeveldbPersistence } from 'y-leveldb';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.ts';
import { isAccessHashes, type AccessHashes } from '../access/secrets.ts';
import { rosterFromStored, type RosterState, type StoredRoster } from '../access/roster.ts';
import { sealedFromStored, type SealedState, type StoredSealed } from '../rounds/sealedState.ts';
import { StoreError, type BoardStore } from './boardStore.ts';

const CREATED_AT = 'createdAt';
/** The hashes of the board's link secrets (server/access/secrets.ts). */
const ACCESS = 'access';
/** Sealed positions and private notes (server/rounds/sealedState.ts). */
const SEALED = 'sealed';
/** Participants and their Yjs client ids (server/access/roster.ts). */
const ROSTER = 'roster';
/**
 * The relay's own entries live under a name no board id can take (ids are 22 base64url
 * symbols): the index of round deadlines, read at start to schedule reveals.
 */
const RELAY_DOC = '~relay';
const DEADLINES = 'deadlines';

export class LeveldbStore implements BoardStore {
  private readonly persistence: LeveldbPersistence;
  /** Entries in each loaded board's log, so compaction is decided without reading disk. */
  private readonly logLengths = new Map<string, number>();
  /**
   * Updates accepted since the next batch was scheduled, by board. Under load a LevelDB
   * append per update (find the last clock, then put) cost more than relaying it.
   */
  private pending = new Map<string, Uint8Array[]>();
  private pendingBatch: Promise<void> | null = null;
  /**
   * The clock of each board's last log entry, once a batch has read or written it. Only
   * batches and compaction move it, and both run in y-leveldb's queue, so it stays true.
   */
  private readonly clocks = new Map<string, number>();
  private closed = false;
  private deadlineWrites: Promise<void> = Promise.resolve();

  private constructor(dataDir: string) {
    this.persistence = new LeveldbPersistence(dataDir);
  }

  /** Opens (creating if need be) the store in `dataDir`; fails if it cannot be opened. */
  static async open(dataDir: string): Promise<LeveldbStore> {
    const store = new LeveldbStore(dataDir);
    // LevelDB opens lazily and the queue would swallow the failure: check it here, or a
    // locked or unreadable directory would look like a store with no boards.
    const failure = await store.persistence._transact(async (db) => {
      try {
        await db.open();
        return null;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    if (failure) {
      await store.close();
      const cause = failure.cause instanceof Error ? failure.cause.message : failure.message;
      throw new StoreError(`Could not open the data directory ${dataDir} (${cause}). Is another Beliefmap using it?`);
    }
    return store;
  }

  async hasBoard(id: string): Promise<boolean> {
    this.assertOpen();
    const createdAt: unknown = await this.persistence.getMeta(id, CREATED_AT);
    // undefined: no such entry; null: the read itself failed.
    if (createdAt === null) throw new StoreError(`Could not read the board ${id}.`);
    return typeof createdAt === 'number';
  }

  async createBoard(id: string, initialUpdate: Uint8Array): Promise<void> {
    this.assertOpen();
    // The content goes first: a board marked as created always has its meta.
    const clock = await this.persistence.storeUpdate(id, initialUpdate);
    if (typeof clock !== 'number') throw new StoreError(`Could not store the new board ${id}.`);
    await this.persistence.setMeta(id, CREATED_AT, Date.now());
    if (!(await this.hasBoard(id))) throw new StoreError(`Could not mark the board ${id} as created.`);
  }

  async loadBoard(id: string): Promise<Uint8Array | null> {
    if (!(await this.hasBoard(id))) return null;
    const log = await this.readLog(id);
    this.logLengths.set(id, log.length);
    if (log.length === 1) return log[0];
    // Merging reads every entry whole, so a damaged one fails here; only then is each
    // entry read on its own, to name it. A damaged board is refused, never half-loaded
    // (a log of one entry is checked as the room applies it: see Room.load).
    try {
      return Y.mergeUpdates(log);
    } catch (error) {
      for (const [index, update] of log.entries()) {
        try {
          Y.decodeUpdate(update);
        } catch (entryError) {
          throw new StoreError(`The board ${id} is damaged: stored update ${index + 1} of ${log.length} cannot be read (${String(entryError)}).`);
        }
      }
      throw new StoreError(`The board ${id} is damaged: its stored updates cannot be merged (${String(error)}).`);
    }
  }

  /**
   * Resolves once `update` is in the board's log. It is written at the end of the current
   * event-loop turn (setImmediate), in one batch with whatever else any board got.
   */
  appendUpdate(id: string, update: Uint8Array): Promise<void> {
    this.assertOpen();
    const updates = this.pending.get(id);
    if (updates) updates.push(update);
    else this.pending.set(id, [update]);
    this.pendingBatch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.writePending());
    return this.pendingBatch;
  }

  async loadAccess(id: string): Promise<AccessHashes | null> {
    this.assertOpen();
    const access: unknown = await this.persistence.getMeta(id, ACCESS);
    if (access === null) throw new StoreError(`Could not read the links of the board ${id}.`);
    return isAccessHashes(access) ? access : null;
  }

  async saveAccess(id: string, access: AccessHashes): Promise<void> {
    this.assertOpen();
    await this.persistence.setMeta(id, ACCESS, access);
    // setMeta swallows failures (see above): read it back to know it is stored.
    const stored = await this.loadAccess(id);
    if (!stored || JSON.stringify(stored) !== JSON.stringify(access)) {
      throw new StoreError(`Could not store the links of the board ${id}.`);
    }
  }

  async loadSealed(id: string): Promise<SealedState | null> {
    this.assertOpen();
    const state: unknown = await this.persistence.getMeta(id, SEALED);
    if (state === null) throw new StoreError(`Could not read the sealed answers of the board ${id}.`);
    if (state === undefined) return null;
    const sealed = sealedFromStored(state);
    if (!sealed) throw new StoreError(`The sealed answers of the board ${id} are damaged.`);
    return sealed;
  }

  async saveSealed(id: string, state: StoredSealed): Promise<void> {
    await this.setMetaChecked(id, SEALED, state, `the sealed answers of the board ${id}`);
  }

  async loadRoster(id: string): Promise<RosterState | null> {
    this.assertOpen();
    const stored: unknown = await this.persistence.getMeta(id, ROSTER);
    if (stored === null) throw new StoreError(`Could not read who joined the board ${id}.`);
    if (stored === undefined) return null;
    const roster = rosterFromStored(stored);
    if (!roster) throw new StoreError(`The list of who joined the board ${id} is damaged.`);
    return roster;
  }

  async saveRoster(id: string, roster: StoredRoster): Promise<void> {
    await this.setMetaChecked(id, ROSTER, roster, `who joined the board ${id}`);
  }

  async loadDeadlines(): Promise<Map<string, number>> {
    this.assertOpen();
    const index: unknown = await this.persistence.getMeta(RELAY_DOC, DEADLINES);
    if (index === null) throw new StoreError('Could not read the index of round deadlines.');
    // Stored as a plain object (board id → time); read into a Map, keeping only board ids.
    const deadlines = new Map<string, number>();
    if (typeof index === 'object' && index !== undefined) {
      for (const [id, at] of Object.entries(index)) if (isBoardId(id) && typeof at === 'number') deadlines.set(id, at);
    }
    return deadlines;
  }

  saveDeadline(id: string, at: number | null): Promise<void> {
    // A read-modify-write of one shared entry: chained, so two boards changing their
    // deadlines at once cannot each write an index without the other's.
    const write = this.deadlineWrites.then(async () => {
      const index = await this.loadDeadlines();
      if (at === null) index.delete(id);
      else index.set(id, at);
      await this.setMetaChecked(RELAY_DOC, DEADLINES, Object.fromEntries(index), 'the index of round deadlines');
    });
    this.deadlineWrites = write.catch(() => undefined);
    return write;
  }

  async compact(id: string): Promise<void> {
    this.assertOpen();
    const length = this.logLengths.get(id);
    // Only a loaded board has a known log; a log of one entry is already compact.
    if (length === undefined || length <= 1) return;
    this.logLengths.set(id, 1);
    const flushed = this.persistence.flushDocument(id);
    // Compaction rewrites the log under a new clock; queued right behind it, so the next
    // batch reads the clock afresh.
    void this.persistence._transact(async () => this.clocks.delete(id));
    await flushed;
  }

  /** Entries in the board's stored log; lets tests and operators see compaction work. */
  async storedUpdateCount(id: string): Promise<number> {
    this.assertOpen();
    return (await this.readLog(id)).length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends made before close() count as made, awaited or not: write them first.
    await this.pendingBatch?.catch(() => undefined);
    await this.persistence.destroy();
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.pendingBatch = null;
    const written = await this.persistence._transact(async (db) => {
      const operations: LevelPut[] = [];
      for (const [id, updates] of batch) {
        const clock = (this.clocks.get(id) ?? (await getCurrentUpdateClock(db, id))) + 1;
        this.clocks.set(id, clock);
        const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
        operations.push({ type: 'put', key: ['v1', id, 'update', clock], value: Buffer.from(update.buffer, update.byteOffset, update.byteLength) });
      }
      try {
        await db.batch(operations);
      } catch (error) {
        // Nothing of a failed batch is written: read the clocks again next time.
        for (const id of batch.keys()) this.clocks.delete(id);
        throw error;
      }
      return true;
    });
    if (written !== true) {
      const ids = Array.from(batch.keys());
      throw new StoreError(`Could not save changes to ${ids.length === 1 ? `the board ${ids[0]}` : `${ids.length} boards`}.`);
    }
    for (const id of batch.keys()) {
      const length = (this.logLengths.get(id) ?? 0) + 1;
      this.logLengths.set(id, length);
      if (length > COMPACT_AFTER_UPDATES) void this.compact(id);
    }
  }

  /** setMeta swallows failures (see above): write, then read back to know it is stored. */
  private async setMetaChecked(docName: string, key: string, value: unknown, what: string): Promise<void> {
    this.assertOpen();
    await this.persistence.setMeta(docName, key, value);
    if ((await this.persistence.getMeta(docName, key)) === undefined) throw new StoreError(`Could not store ${what}.`);
  }

  private async readLog(id: string): Promise<Uint8Array[]> {
    const log = await this.persistence._transact((db) => getLevelUpdates(db, id));
    if (!Array.isArray(log)) throw new StoreError(`Could not read the board ${id}.`);
    return log;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('The store is closed.');
  }
}

interface LevelPut {
  type: 'put';
  key: ['v1', string, 'update', number];
  value: Buffer;
}

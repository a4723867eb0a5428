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
import * as Y from 'yjs';
import { getLevelUpdates, LeveldbPersistence } from 'y-leveldb';
import { COMPACT_AFTER_UPDATES } from '../../shared/limits.ts';
import { isAccessHashes, type AccessHashes } from '../access/secrets.ts';
import { StoreError, type BoardStore } from './boardStore.ts';

const CREATED_AT = 'createdAt';
/** The hashes of the board's link secrets (server/access/secrets.ts). */
const ACCESS = 'access';

export class LeveldbStore implements BoardStore {
  private readonly persistence: LeveldbPersistence;
  /** Entries in each loaded board's log, so compaction is decided without reading disk. */
  private readonly logLengths = new Map<string, number>();
  private closed = false;

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
    // Checked entry by entry, at load rather than at start (start-up stays fast however
    // many boards there are): a damaged board is refused with its name, never half-loaded.
    for (const [index, update] of log.entries()) {
      try {
        Y.decodeUpdate(update);
      } catch (error) {
        throw new StoreError(`The board ${id} is damaged: stored update ${index + 1} of ${log.length} cannot be read (${String(error)}).`);
      }
    }
    this.logLengths.set(id, log.length);
    return Y.mergeUpdates(log);
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<void> {
    this.assertOpen();
    const stored = this.persistence.storeUpdate(id, update);
    const length = (this.logLengths.get(id) ?? 0) + 1;
    this.logLengths.set(id, length);
    // Queued now, right behind this append, so a close() that follows waits for it too.
    if (length > COMPACT_AFTER_UPDATES) void this.compact(id);
    const clock = await stored;
    if (typeof clock !== 'number') throw new StoreError(`Could not save a change to the board ${id}.`);
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
    if (!stored || stored.facilitate !== access.facilitate || stored.edit !== access.edit || stored.view !== access.view) {
      throw new StoreError(`Could not store the links of the board ${id}.`);
    }
  }

  async compact(id: string): Promise<void> {
    this.assertOpen();
    const length = this.logLengths.get(id);
    // Only a loaded board has a known log; a log of one entry is already compact.
    if (length === undefined || length <= 1) return;
    this.logLengths.set(id, 1);
    await this.persistence.flushDocument(id);
  }

  /** Entries in the board's stored log; lets tests and operators see compaction work. */
  async storedUpdateCount(id: string): Promise<number> {
    this.assertOpen();
    return (await this.readLog(id)).length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.persistence.destroy();
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

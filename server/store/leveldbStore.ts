// The default store: LevelDB in DATA_DIR (through `level`, with y-leveldb's key layout, so
// a data directory written by earlier versions, which used y-leveldb itself, reads the
// same). Each board is an append-only log of Yjs updates, numbered by a clock, plus meta
// entries: `createdAt` (which marks it as created, so a typo in a link never conjures an
// empty board), its access hashes, sealed answers and roster.
//
// Every operation runs through one promise queue, so writes are serialized and a
// compaction (read the log, write the merged update, delete the older entries, in one
// atomic batch) never interleaves with an append.
//
// Saved means on disk: everything accepted while the previous batch was being written (at
// least one turn of the event loop), for every board, is written as ONE batch with
// `sync: true` (group commit), and only then is any of it confirmed. A power cut cannot
// take a confirmed change; the cost of the fsync is shared by everything in the batch
// (docs/performance.md has the figure).
import { mkdir } from 'node:fs/promises';
import * as buffer from 'lib0/buffer';
import * as encoding from 'lib0/encoding';
import { Level } from 'level';
import * as Y from 'yjs';
import { keyEncoding } from 'y-leveldb';
import { isBoardId } from '../../shared/ids.ts';
import { rosterFromStored, type RosterState, type StoredRoster } from '../access/rosterState.ts';
import { isAccessHashes, type AccessHashes } from '../access/secrets.ts';
import { sealedFromStored, type SealedState, type StoredSealed } from '../rounds/sealedState.ts';
import { StoreError, type BoardStore, type LoggedUpdate, type StoredBoard, type StoredMoment } from './boardStore.ts';
import { LocalBoardLocks } from './localBoardLocks.ts';
import { CompactionPolicy } from './compactionPolicy.ts';
import { mergeStoredUpdatesOffThread } from './offThreadMerge.ts';
import { momentOfBatch, momentOfState } from './moments.ts';

const CREATED_AT = 'createdAt';
/** The hashes of the board's link secrets (server/access/secrets.ts). */
const ACCESS = 'access';
/** Sealed positions and private notes (server/rounds/sealedState.ts). */
const SEALED = 'sealed';
/** Participants and their Yjs client ids (server/access/rosterState.ts). */
const ROSTER = 'roster';
/**
 * The copy a page fetches as it opens a big board (boardStore.ts, saveBoardCopy), and the
 * number of the log entry it matches: apart, so compaction moves the number alone.
 */
const COPY = 'copy';
const COPY_SEQ = 'copySeq';
/**
 * The relay's own entries live under a name no board id can take (ids are 22 base64url
 * symbols): the index of round deadlines, read at start to schedule reveals.
 */
const RELAY_DOC = '~relay';
const DEADLINES = 'deadlines';
/**
 * A board's updates of one batch are merged into log entries of at most this many: Yjs
 * merges a few dozen small updates at 3–5 µs each, but a thousand (a batch that waited
 * behind a slow fsync under load) at 20 µs each, 20 ms in one go on the event loop, which
 * then lets the next batch grow more.
 */
const MERGE_AT_MOST = 64;
/** Clocks are written as 32-bit big-endian numbers (y-leveldb's key encoding). */
const MAX_CLOCK = 0xffffffff;

type Key = (string | number)[];
type Operation = { type: 'put'; key: Key; value: Uint8Array } | { type: 'del'; key: Key };

/** Values are stored as they are (y-leveldb's value encoding). */
const valueEncoding = { buffer: true, type: 'y-value', encode: (data: Uint8Array) => data, decode: (data: Uint8Array) => data };

const updateKey = (id: string, clock: number): Key => ['v1', id, 'update', clock];
/** The moment written with the log entry of the same clock (docs/history.md); compaction keeps it. */
const momentKey = (id: string, clock: number): Key => ['v1', id, 'moment', clock];
const metaKey = (id: string, name: string): Key => ['v1', id, 'meta', name];
/** y-leveldb keeps a state vector per document, which its own tools use to list documents. */
const stateVectorKey = (id: string): Key => ['v1_sv', id];

export class LeveldbStore implements BoardStore {
  readonly shared = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Entries in each loaded board's log, so compaction is decided without reading disk. */
  private readonly logLengths = new Map<string, number>();
  private readonly compaction = new CompactionPolicy();
  /** The clock of each board's last log entry, once read or written; only queued steps move it. */
  private readonly clocks = new Map<string, number>();
  /** Updates accepted since the next batch was scheduled, by board. */
  private pending = new Map<string, Uint8Array[]>();
  private pendingBatch: Promise<Map<string, number>> | null = null;
  /** The batch being written, which the next one waits for. */
  private writingBatch: Promise<unknown> = Promise.resolve();
  private readonly locks = new LocalBoardLocks();
  private closed = false;
  private deadlineWrites: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Level<Key, Uint8Array>,
    private readonly dataDir: string,
  ) {}

  /** Creates `dataDir` if need be, then opens the store in it. */
  static async openIn(dataDir: string): Promise<LeveldbStore> {
    await mkdir(dataDir, { recursive: true });
    return LeveldbStore.open(dataDir);
  }

  /** Opens (creating if need be) the store in `dataDir`; fails if it cannot be opened. */
  static async open(dataDir: string): Promise<LeveldbStore> {
    const db = new Level<Key, Uint8Array>(dataDir, { keyEncoding, valueEncoding } as never);
    try {
      await db.open();
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new StoreError(`Could not open the data directory ${dataDir} (${cause}). Is another Beliefmap using it?`);
    }
    return new LeveldbStore(db, dataDir);
  }

  hasBoard(id: string): Promise<boolean> {
    return this.queued(async () => typeof (await this.getMeta(id, CREATED_AT)) === 'number');
  }

  createBoard(id: string, initialUpdate: Uint8Array): Promise<void> {
    return this.queued(async () => {
      const clock = (await this.clockOf(id)) + 1;
      // The content and the mark in one atomic batch: a board marked as created always has its meta.
      const now = Date.now();
      await this.write([
        { type: 'put', key: updateKey(id, clock), value: initialUpdate },
        { type: 'put', key: stateVectorKey(id), value: stateVectorEntry(initialUpdate, clock) },
        { type: 'put', key: metaKey(id, CREATED_AT), value: buffer.encodeAny(now) },
        ...momentPut(id, clock, now, momentOfBatch(initialUpdate)),
      ]);
      this.clocks.set(id, clock);
    }, `Could not store the new board ${id}.`);
  }

  loadBoard(id: string): Promise<StoredBoard | null> {
    return this.queued(async () => {
      const createdAt = await this.getMeta(id, CREATED_AT);
      if (typeof createdAt !== 'number') return null;
      const log = await this.readLog(id);
      this.logLengths.set(id, log.length);
      this.compaction.loaded(id, log[0]?.update.length ?? 0, Math.max(0, log.length - 1), log.slice(1).reduce((bytes, entry) => bytes + entry.update.length, 0));
      const seq = log.at(-1)?.seq ?? 0;
      this.clocks.set(id, seq);
      const state = log.length === 1 ? log[0].update : await mergeStoredUpdatesOffThread(id, log.map((entry) => entry.update));
      if (!(await this.hasMoments(id))) await this.write(momentPut(id, seq, createdAt, momentOfState(state)));
      return { state, seq };
    }, `Could not read the board ${id}.`);
  }

  /**
   * Resolves with the update's number once it is on disk. It is written at the end of the
   * current event-loop turn (setImmediate), or once the batch being written is done,
   * whichever is later, in one synced batch with whatever else any board got until then: a
   * batch per turn queued behind a write in flight would pay an fsync per turn under load.
   */
  appendUpdate(id: string, update: Uint8Array): Promise<number> {
    this.assertOpen();
    const updates = this.pending.get(id);
    const index = updates?.length ?? 0;
    if (updates) updates.push(update);
    else this.pending.set(id, [update]);
    if (!this.pendingBatch) {
      this.pendingBatch = Promise.all([new Promise<void>((resolve) => setImmediate(resolve)), this.writingBatch]).then(() => this.writePending());
      this.writingBatch = this.pendingBatch.catch(() => undefined);
    }
    // The number of the log entry this update was merged into (writePending's parts).
    return this.pendingBatch.then((firsts) => firsts.get(id)! + Math.floor(index / MERGE_AT_MOST));
  }

  updatesSince(id: string, seq: number): Promise<LoggedUpdate[]> {
    return this.queued(async () => (await this.readLog(id)).filter((entry) => entry.seq > seq), `Could not read the board ${id}.`);
  }

  compact(id: string): Promise<void> {
    const length = this.logLengths.get(id);
    // Only a loaded board has a known log; a log of one entry is already compact.
    if (length === undefined || length <= 1) return Promise.resolve();
    this.logLengths.set(id, 1);
    this.compaction.merging(id);
    return this.queued(async () => {
      const log = await this.readLog(id);
      if (log.length <= 1) return;
      const merged = await mergeStoredUpdatesOffThread(id, log.map((entry) => entry.update));
      this.compaction.merged(id, merged.length);
      const clock = log.at(-1)!.seq + 1;
      // The merged entry holds what the last one did: a copy that matched it matches this one.
      const copyMatched = (await this.getMeta(id, COPY_SEQ)) === log.at(-1)!.seq;
      await this.write([
        { type: 'put', key: updateKey(id, clock), value: merged },
        { type: 'put', key: stateVectorKey(id), value: stateVectorEntry(merged, clock) },
        ...log.map((entry): Operation => ({ type: 'del', key: updateKey(id, entry.seq) })),
        ...(copyMatched ? [{ type: 'put', key: metaKey(id, COPY_SEQ), value: buffer.encodeAny(clock) } as const] : []),
      ]);
      this.clocks.set(id, clock);
    }, `Could not compact the board ${id}.`);
  }

  momentsSince(id: string, seq: number, limit: number): Promise<StoredMoment[]> {
    return this.queued(async () => {
      const entries = await this.db.iterator({ gte: momentKey(id, Math.max(0, Math.floor(seq) + 1)), lte: momentKey(id, MAX_CLOCK), limit }).all();
      return entries.flatMap(([key, value]) => {
        const moment = buffer.decodeAny(value) as unknown;
        if (!Array.isArray(moment) || typeof moment[0] !== 'number' || !(moment[1] instanceof Uint8Array)) return [];
        return [{ seq: key[3] as number, at: moment[0], change: moment[1] }];
      });
    }, `Could not read the history of the board ${id}.`);
  }

  saveBoardCopy(id: string, seq: number, copy: Uint8Array): Promise<boolean> {
    return this.queued(async () => {
      if ((await this.clockOf(id)) !== seq || typeof (await this.getMeta(id, CREATED_AT)) !== 'number') return false;
      await this.write([
        { type: 'put', key: metaKey(id, COPY), value: copy },
        { type: 'put', key: metaKey(id, COPY_SEQ), value: buffer.encodeAny(seq) },
      ]);
      return true;
    }, `Could not keep the copy of the board ${id}.`);
  }

  /**
   * Read beside the queue, not in it: a page asks for the copy just after its question about
   * the link has the relay load the same board, and the copy is what it need not wait for.
   * The two entries come from one snapshot; an append or compaction between that read and
   * the clock's can only make them disagree, and then no copy is served.
   */
  async loadBoardCopy(id: string): Promise<Uint8Array | null> {
    this.assertOpen();
    try {
      const [seqEntry, copy] = await this.db.getMany([metaKey(id, COPY_SEQ), metaKey(id, COPY)]);
      if (!seqEntry || !copy || !(await this.isLogEnd(id, buffer.decodeAny(seqEntry)))) return null;
      return new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
    } catch (error) {
      throw new StoreError(`Could not read the copy of the board ${id} (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** As loadBoardCopy, beside the queue, reading the copy's number alone. */
  async hasBoardCopy(id: string): Promise<boolean> {
    this.assertOpen();
    try {
      const seqEntry = await this.db.get(metaKey(id, COPY_SEQ));
      return seqEntry !== undefined && (await this.isLogEnd(id, buffer.decodeAny(seqEntry)));
    } catch (error) {
      if ((error as { code?: string }).code === 'LEVEL_NOT_FOUND') return false;
      throw new StoreError(`Could not read the copy of the board ${id} (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  loadAccess(id: string): Promise<AccessHashes | null> {
    return this.queued(async () => {
      const access = await this.getMeta(id, ACCESS);
      return isAccessHashes(access) ? access : null;
    }, `Could not read the links of the board ${id}.`);
  }

  saveAccess(id: string, access: AccessHashes): Promise<void> {
    return this.putMeta(id, ACCESS, access, `Could not store the links of the board ${id}.`);
  }

  loadSealed(id: string): Promise<SealedState | null> {
    return this.queued(async () => {
      const stored = await this.getMeta(id, SEALED);
      if (stored === undefined) return null;
      const sealed = sealedFromStored(stored);
      if (!sealed) throw new StoreError(`The sealed answers of the board ${id} are damaged.`);
      return sealed;
    }, `Could not read the sealed answers of the board ${id}.`);
  }

  saveSealed(id: string, state: StoredSealed): Promise<void> {
    return this.putMeta(id, SEALED, state, `Could not store the sealed answers of the board ${id}.`);
  }

  loadRoster(id: string): Promise<RosterState | null> {
    return this.queued(async () => {
      const stored = await this.getMeta(id, ROSTER);
      if (stored === undefined) return null;
      const roster = rosterFromStored(stored);
      if (!roster) throw new StoreError(`The list of who joined the board ${id} is damaged.`);
      return roster;
    }, `Could not read who joined the board ${id}.`);
  }

  async saveRoster(id: string, roster: StoredRoster): Promise<RosterState> {
    // One process: nobody else writes it, so what is saved is what is held.
    await this.putMeta(id, ROSTER, roster, `Could not store who joined the board ${id}.`);
    return rosterFromStored(roster)!;
  }

  loadDeadlines(): Promise<Map<string, number>> {
    return this.queued(async () => {
      // Stored as a plain object (board id → time); read into a Map, keeping only board ids.
      const index = await this.getMeta(RELAY_DOC, DEADLINES);
      const deadlines = new Map<string, number>();
      if (typeof index === 'object' && index !== null) {
        for (const [id, at] of Object.entries(index)) if (isBoardId(id) && typeof at === 'number') deadlines.set(id, at);
      }
      return deadlines;
    }, 'Could not read the index of round deadlines.');
  }

  saveDeadline(id: string, at: number | null): Promise<void> {
    // A read-modify-write of one shared entry: chained, so two boards changing their
    // deadlines at once cannot each write an index without the other's.
    const write = this.deadlineWrites.then(async () => {
      const index = await this.loadDeadlines();
      if (at === null) index.delete(id);
      else index.set(id, at);
      await this.putMeta(RELAY_DOC, DEADLINES, Object.fromEntries(index), 'Could not store the index of round deadlines.');
    });
    this.deadlineWrites = write.catch(() => undefined);
    return write;
  }

  withBoardLock<T>(id: string, decide: () => Promise<T>): Promise<T> {
    return this.locks.run(id, decide);
  }

  /** Entries in the board's stored log; lets tests and operators see compaction work. */
  storedUpdateCount(id: string): Promise<number> {
    return this.queued(async () => (await this.readLog(id)).length, `Could not read the board ${id}.`);
  }

  /** Every created board's id (for the migrate-store command). */
  listBoards(): Promise<string[]> {
    return this.queued(async () => {
      const ids: string[] = [];
      // Keys are length-prefixed strings, so a range is bounded by the next name of the same length.
      for await (const key of this.db.keys({ gte: ['v1_sv'], lt: ['v1_sw'] })) {
        const id = key[1];
        if (key[0] === 'v1_sv' && typeof id === 'string' && typeof (await this.getMeta(id, CREATED_AT)) === 'number') ids.push(id);
      }
      return ids;
    }, 'Could not list the boards.');
  }

  /** Appends a raw entry, as a damaged write would have left it (tests of damaged boards). */
  appendRawEntry(id: string, entry: Uint8Array): Promise<void> {
    return this.queued(async () => {
      const clock = (await this.clockOf(id)) + 1;
      await this.write([{ type: 'put', key: updateKey(id, clock), value: entry }]);
      this.clocks.set(id, clock);
    }, `Could not write to the board ${id}.`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends made before close() count as made, awaited or not: write them first.
    await this.pendingBatch?.catch(() => undefined);
    await this.queue.catch(() => undefined);
    await this.db.close();
  }

  get location(): string {
    return this.dataDir;
  }

  private async writePending(): Promise<Map<string, number>> {
    const batch = this.pending;
    this.pending = new Map();
    this.pendingBatch = null;
    const ids = Array.from(batch.keys());
    const seqs = await this.queued(async () => {
      const operations: Operation[] = [];
      /** Each board's first and last log entry of this batch. */
      const next = new Map<string, number>();
      const last = new Map<string, number>();
      const now = Date.now();
      for (const [id, updates] of batch) {
        let clock = await this.clockOf(id);
        next.set(id, clock + 1);
        for (let start = 0; start < updates.length; start += MERGE_AT_MOST) {
          const part = updates.slice(start, start + MERGE_AT_MOST);
          const update = part.length === 1 ? part[0] : Y.mergeUpdates(part);
          clock++;
          operations.push({ type: 'put', key: updateKey(id, clock), value: update }, ...momentPut(id, clock, now, momentOfBatch(update)));
        }
        last.set(id, clock);
      }
      await this.write(operations);
      for (const [id, clock] of last) this.clocks.set(id, clock);
      return next;
    }, `Could not save changes to ${ids.length === 1 ? `the board ${ids[0]}` : `${ids.length} boards`}.`, true);
    for (const id of ids) {
      const updates = batch.get(id)!;
      const entries = Math.ceil(updates.length / MERGE_AT_MOST);
      this.logLengths.set(id, (this.logLengths.get(id) ?? 0) + entries);
      const bytes = updates.reduce((sum, update) => sum + update.length, 0);
      if (this.compaction.appended(id, entries, bytes)) void this.compact(id).catch(() => undefined);
    }
    return seqs;
  }

  /** Runs `step` after every step queued before it; a failure is a StoreError with `what`. */
  private queued<T>(step: () => Promise<T>, what = 'The store failed.', internal = false): Promise<T> {
    // The batch of appends made before close() still runs once closing has begun.
    if (!internal) this.assertOpen();
    const run = this.queue.then(step).catch((error: unknown) => {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`${what} (${error instanceof Error ? error.message : String(error)})`);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes atomically and synced to disk (the fsync is what makes "saved" survive a power cut). */
  private write(operations: Operation[]): Promise<void> {
    return this.db.batch(operations as never, { sync: true });
  }

  private async clockOf(id: string): Promise<number> {
    const clock = await this.lastClock(id);
    if (typeof clock !== 'number') throw new StoreError(`The log of the board ${id} has a damaged key.`);
    this.clocks.set(id, clock);
    return clock;
  }

  /**
   * Whether `seq` numbers the log's last entry, read beside the queue (it remembers nothing).
   * A seek for any entry after it, not a reverse scan for the last key: that read the
   * board's compacted entry whole (6 MB for the 2,000-note board, 25–70 ms of CPU, every
   * time, as iterators do not fill LevelDB's cache) on each page that opened the board.
   * The same answer: a copy's number is never past the log's end (saveBoardCopy keeps it
   * only at the end, compaction moves it to the merged entry, deleting a board deletes it).
   */
  private async isLogEnd(id: string, seq: unknown): Promise<boolean> {
    if (typeof seq !== 'number') return false;
    const known = this.clocks.get(id);
    if (known !== undefined) return known === seq;
    const after = (await this.db.keys({ gt: updateKey(id, seq), lte: updateKey(id, MAX_CLOCK), limit: 1 }).all()) as Key[];
    return after.length === 0;
  }

  /** The number of the log's last entry (-1 for none), from `clocks` or the log. */
  private async lastClock(id: string): Promise<number> {
    const known = this.clocks.get(id);
    if (known !== undefined) return known;
    const last = (await this.db.keys({ gte: updateKey(id, 0), lte: updateKey(id, MAX_CLOCK), reverse: true, limit: 1 }).all()) as Key[];
    return last.length === 0 ? -1 : ((last[0] as Key)[3] as number);
  }

  private async readLog(id: string): Promise<LoggedUpdate[]> {
    const entries = await this.db.iterator({ gte: updateKey(id, 0), lte: updateKey(id, MAX_CLOCK) }).all();
    return entries.map(([key, update]) => ({ seq: key[3] as number, update }));
  }

  private async hasMoments(id: string): Promise<boolean> {
    return (await this.db.keys({ gte: momentKey(id, 0), lte: momentKey(id, MAX_CLOCK), limit: 1 }).all()).length > 0;
  }

  private async getMeta(id: string, name: string): Promise<unknown> {
    const value = await this.db.get(metaKey(id, name)).catch((error: { code?: string }) => {
      if (error.code === 'LEVEL_NOT_FOUND') return undefined;
      throw error;
    });
    return value === undefined ? undefined : buffer.decodeAny(value);
  }

  private putMeta(id: string, name: string, value: unknown, what: string): Promise<void> {
    return this.queued(() => this.write([{ type: 'put', key: metaKey(id, name), value: buffer.encodeAny(value) }]), what);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('The store is closed.');
  }
}


/** The moment entry of a log entry, or nothing when there is none to write. */
function momentPut(id: string, clock: number, at: number, change: Uint8Array | null): Operation[] {
  return change ? [{ type: 'put', key: momentKey(id, clock), value: buffer.encodeAny([at, change]) }] : [];
}

/** y-leveldb's state-vector entry: the clock it was taken at, and the state vector. */
function stateVectorEntry(update: Uint8Array, clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVectorFromUpdate(update));
  return encoding.toUint8Array(encoder);
}

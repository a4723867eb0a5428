// Where boards are kept between restarts, as small interfaces the relay is handed (never
// wired in): a board's numbered log of updates, its access secrets, what the relay keeps
// beside it for workshops, the index of round deadlines, and a lock that makes one
// decision at a time per board across every relay. The embedded LevelDB store
// (leveldbStore.ts) and PostgreSQL (pgStore.ts) implement all of them; the same
// integration tests run against both.
import type { RosterState, StoredRoster } from '../access/rosterState.ts';
import type { AccessHashes } from '../access/secrets.ts';
import type { SealedState, StoredSealed } from '../rounds/sealedState.ts';

/** A board as stored: its whole state as one update, and the number of the last update in it. */
export interface StoredBoard {
  state: Uint8Array;
  seq: number;
}

/** One stored update and its number in the board's log. */
export interface LoggedUpdate {
  seq: number;
  update: Uint8Array;
}

/**
 * One moment of a board's history, kept beside its log and never compacted: when a stored
 * batch was written and what it changed (shared/history/momentCodec.ts), numbered as the
 * log entry it was written with (docs/history.md).
 */
export interface StoredMoment {
  seq: number;
  /** When the batch was stored (ms since epoch, the relay's clock). */
  at: number;
  change: Uint8Array;
}

export interface BoardLog {
  /** True once `createBoard` has completed for this id. */
  hasBoard(id: string): Promise<boolean>;
  /** Stores a new board's first state and marks the board as existing, in one step. */
  createBoard(id: string, initialUpdate: Uint8Array): Promise<void>;
  /** The board's whole state, or null when no such board was created. */
  loadBoard(id: string): Promise<StoredBoard | null>;
  /**
   * Appends one accepted update to the board's log; resolves with its number once it is
   * durable (on disk, or committed): the relay confirms "saved" only then.
   */
  appendUpdate(id: string, update: Uint8Array): Promise<number>;
  /** The updates numbered after `seq`, in order (a compacted stretch comes back merged). */
  updatesSince(id: string, seq: number): Promise<LoggedUpdate[]>;
  /** Merges the board's log into one update, so it loads fast; its moments stay. */
  compact(id: string): Promise<void>;
  /** The board's moments numbered after `seq`, oldest first, at most `limit` of them. */
  momentsSince(id: string, seq: number, limit: number): Promise<StoredMoment[]>;
  /**
   * Keeps `copy` — the board's whole state as the relay's document encoded it, gzipped —
   * as the copy a page may fetch as it opens the board (server/http/boardCopyRoute.ts),
   * when the log's last update is still number `seq`; resolves with whether it was kept.
   * A copy follows its log through compaction (which changes no content).
   */
  saveBoardCopy(id: string, seq: number, copy: Uint8Array): Promise<boolean>;
  /**
   * The kept copy, only while no update was stored after it — an older copy can hold what
   * later updates took away (a deleted comment's words) — else null.
   */
  loadBoardCopy(id: string): Promise<Uint8Array | null>;
  /** Whether loadBoardCopy would give a copy now, without reading it. */
  hasBoardCopy(id: string): Promise<boolean>;
}

export interface AccessStore {
  /** The hashes of the board's link secrets; null for a board created before links had secrets. */
  loadAccess(id: string): Promise<AccessHashes | null>;
  /** Replaces them; resolves once durable. */
  saveAccess(id: string, access: AccessHashes): Promise<void>;
}

export interface WorkshopStore {
  /** The board's sealed positions and private notes; null when none yet. */
  loadSealed(id: string): Promise<SealedState | null>;
  /** Replaces them; resolves once durable. */
  saveSealed(id: string, state: StoredSealed): Promise<void>;
  /** Who joined the board and how each proved it, and whose Yjs client ids are whose; null when none yet. */
  loadRoster(id: string): Promise<RosterState | null>;
  /** Replaces it; resolves once durable. */
  /**
   * Saves who joined; resolves with what the store holds after. A shared store merges it
   * with what other relays saved (server/access/rosterMerge.ts: the earlier binding wins),
   * within the same transaction as the appends of the same turn, so a client id claimed
   * for an update is on record no later than the update itself.
   */
  saveRoster(id: string, roster: StoredRoster): Promise<RosterState>;
}

export interface DeadlineStore {
  /** Every board with an open round's deadline → that deadline (ms since epoch). */
  loadDeadlines(): Promise<Map<string, number>>;
  /** Sets (or, with null, removes) a board's round deadline; resolves once durable. */
  saveDeadline(id: string, at: number | null): Promise<void>;
}

export interface BoardLocks {
  /**
   * Runs `decide` as the only decision on this board anywhere (every relay of a cluster):
   * starting, sealing and revealing a round, private notes, deadlines. Resolves with what
   * `decide` returns, once the lock is released.
   */
  withBoardLock<T>(id: string, decide: () => Promise<T>): Promise<T>;
}

export interface BoardStore extends BoardLog, AccessStore, WorkshopStore, DeadlineStore, BoardLocks {
  /**
   * Whether other relays write to this store too: a room then catches up with the log
   * before it decides anything (one relay alone already holds everything).
   */
  readonly shared: boolean;
  /** Waits for every pending write, then releases the store. */
  close(): Promise<void>;
}

export class StoreError extends Error {}

// Where boards are kept between restarts. The relay talks to this interface only, so a
// networked store (Redis) can replace the embedded LevelDB one without touching the relay.
import type { AccessHashes } from '../access/secrets.ts';
import type { RosterState, StoredRoster } from '../access/roster.ts';
import type { SealedState, StoredSealed } from '../rounds/sealedState.ts';

export interface BoardStore {
  /** True once `createBoard` has completed for this id. */
  hasBoard(id: string): Promise<boolean>;
  /** Stores a new board's first state and marks the board as existing. */
  createBoard(id: string, initialUpdate: Uint8Array): Promise<void>;
  /** The board's whole state as one Yjs update, or null when no such board was created. */
  loadBoard(id: string): Promise<Uint8Array | null>;
  /** Appends one accepted update to the board's log; resolves once it is durable. */
  appendUpdate(id: string, update: Uint8Array): Promise<void>;
  /** The hashes of the board's link secrets; null for a board created before links had secrets. */
  loadAccess(id: string): Promise<AccessHashes | null>;
  /** Replaces the hashes of the board's link secrets; resolves once durable. */
  saveAccess(id: string, access: AccessHashes): Promise<void>;
  /** The board's sealed positions and private notes; null when none yet. */
  loadSealed(id: string): Promise<SealedState | null>;
  /** Replaces them; resolves once durable. */
  saveSealed(id: string, state: StoredSealed): Promise<void>;
  /** Who joined the board and how each proved it, and whose Yjs client ids are whose; null when none yet. */
  loadRoster(id: string): Promise<RosterState | null>;
  /** Replaces it; resolves once durable. */
  saveRoster(id: string, roster: StoredRoster): Promise<void>;
  /** Every board with an open round's deadline → that deadline (ms since epoch). */
  loadDeadlines(): Promise<Map<string, number>>;
  /** Sets (or, with null, removes) a board's round deadline in that index; resolves once durable. */
  saveDeadline(id: string, at: number | null): Promise<void>;
  /** Merges the board's update log into one update, so it loads fast. */
  compact(id: string): Promise<void>;
  /** Waits for every pending write, then releases the store. */
  close(): Promise<void>;
}

export class StoreError extends Error {}

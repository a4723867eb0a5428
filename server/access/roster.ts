// Who is who on one board, relay side: which participant ids have joined and how each
// proved itself (the secret a browser first used the id with, or a personal link), who
// was removed, and which Yjs client ids each participant writes under. Everything a
// connection writes is judged as its verified participant's (shared/boardRules.ts), and
// structs may carry only client ids of that participant, so nobody can write as someone
// else or squat on someone else's clocks. Kept in the store beside the board, never in it.
import { timingSafeEqual } from 'node:crypto';
import type { BoardStore } from '../store/boardStore.ts';
import type { Connection } from '../relay/connection.ts';
import type { ClientOwnership } from '../rules/decideUpdate.ts';
import { emptyRoster, rosterToStored, type RosterEntry, type RosterState } from './rosterState.ts';

/** The owner recorded for the relay's own client id: not a participant id (those have no `~`). */
const RELAY_OWNER = '~relay';

export class Roster {
  /** The save under way (it goes on while changes arrive during it), or null. */
  private saving: Promise<void> | null = null;
  private unsaved = false;

  /**
   * `legacyKeys`: participant secret hashes a board kept with its sealed answers before it
   * had a roster; they become its first entries.
   */
  static async load(
    boardId: string,
    store: BoardStore,
    legacyKeys: ReadonlyMap<string, string> | null,
    onStoreFailed: (error: unknown) => void,
  ): Promise<Roster> {
    const stored = await store.loadRoster(boardId);
    const roster = new Roster(boardId, store, stored ?? emptyRoster(), onStoreFailed);
    if (!stored && legacyKeys && legacyKeys.size > 0) {
      for (const [id, keyHash] of legacyKeys) roster.state.participants.set(id, { keyHash, via: 'shared', removed: false });
      roster.save();
    }
    return roster;
  }

  private constructor(
    private readonly boardId: string,
    private readonly store: BoardStore,
    private readonly state: RosterState,
    private readonly onStoreFailed: (error: unknown) => void,
  ) {}

  /** The relay's own document writes under this client id. */
  claimForRelay(client: number): void {
    this.state.clients.set(client, RELAY_OWNER);
  }

  /**
   * Decides whom a joining connection speaks for and sets `verifiedParticipant`: its
   * personal link's id, or the id it claims when its secret matches the one that first
   * used the id here (the first use binds it). Returns why not, in words, or null.
   */
  verify(connection: Connection): string | null {
    connection.verifiedParticipant = null;
    const claim = connection.participant;
    if (connection.role === 'view') return null;
    if (!claim) return 'This browser did not say who it is, so it can look but not change the board.';
    const entry = this.state.participants.get(claim.id);
    if (entry?.removed) return 'The facilitator removed you from this board.';
    if (claim.via === 'personal') {
      if (!entry) this.bind(claim.id, { keyHash: null, via: 'personal', removed: false });
      connection.verifiedParticipant = claim.id;
      return null;
    }
    if (!entry) {
      this.bind(claim.id, { keyHash: claim.keyHash, via: connection.role === 'facilitate' ? 'facilitator' : 'shared', removed: false });
    } else if (entry.via === 'personal' || entry.keyHash === null || claim.keyHash === null || !sameHash(entry.keyHash, claim.keyHash)) {
      return 'Another browser already answers under your participant id on this board, so this one can look but not change it.';
    }
    connection.verifiedParticipant = claim.id;
    return null;
  }

  /** Whether `participantId` may write structs under a Yjs client id. */
  ownerOf(client: number, participantId: string | null): ClientOwnership {
    const owner = this.state.clients.get(client);
    if (owner === undefined) return 'free';
    return owner === participantId ? 'mine' : 'taken';
  }

  /** Records the client ids an accepted update wrote under as the participant's. */
  claim(clients: Iterable<number>, participantId: string): void {
    let changed = false;
    for (const client of clients) {
      if (this.state.clients.has(client)) continue;
      this.state.clients.set(client, participantId);
      changed = true;
    }
    if (changed) this.save();
  }

  /** Removes a participant for good: the id may not join again; returns whether it was known. */
  remove(participantId: string): boolean {
    const entry = this.state.participants.get(participantId);
    this.state.participants.set(participantId, { keyHash: entry?.keyHash ?? null, via: entry?.via ?? 'shared', removed: true });
    this.save();
    return entry !== undefined;
  }

  whenSaved(): Promise<void> {
    return this.saving ?? Promise.resolve();
  }

  private bind(participantId: string, entry: RosterEntry): void {
    this.state.participants.set(participantId, entry);
    this.save();
  }

  /**
   * Writes the roster whole, one save at a time: changes made while one is under way go
   * out together in the next. A save per change queued the whole roster once for every new
   * client id in the store's queue, where every board's writes wait, and a participant can
   * write each update under a fresh client id.
   */
  private save(): void {
    this.unsaved = true;
    this.saving ??= this.saveWhileChanged();
  }

  private async saveWhileChanged(): Promise<void> {
    while (this.unsaved) {
      this.unsaved = false;
      try {
        await this.store.saveRoster(this.boardId, rosterToStored(this.state));
      } catch (error) {
        this.onStoreFailed(error);
      }
    }
    this.saving = null;
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

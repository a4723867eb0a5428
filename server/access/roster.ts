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
import { mergeRosters, sameBinding } from './rosterMerge.ts';
import { emptyRoster, rosterToStored, type RosterEntry, type RosterState } from './rosterState.ts';

/** The owner recorded for the relay's own client id: not a participant id (those have no `~`). */
const RELAY_OWNER = '~relay';

/**
 * On a relay of a cluster, how long a client id seen in another relay's update or presence
 * stays nobody's-to-take here while the record does not name its owner yet: the claim
 * commits with the update, so it is normally found at once; longer than this, the relay
 * that wrote it died before its claim was saved, and the id is free again.
 */
const ELSEWHERE_MS = 3_000;

/** Why a participant's connections here no longer speak for it. */
export type RosterLoss = 'bound elsewhere' | 'removed';

export class Roster {
  /** The save under way (it goes on while changes arrive during it), or null. */
  private saving: Promise<void> | null = null;
  private unsaved = false;
  /** Cluster only: client ids written on other relays, not yet on record here → when first seen. */
  private readonly elsewhere = new Map<number, number>();
  private refreshing: Promise<void> | null = null;
  /** Cluster only: a save is due at the end of this turn; saves on their way. */
  private saveScheduled = false;
  private readonly sharedSaves = new Set<Promise<void>>();
  private refreshAgain = false;
  /**
   * Cluster only: the record said a participant this relay had bound was bound first by
   * another relay (the same id claimed on two relays at once), or removed.
   */
  onLost: (participantId: string, why: RosterLoss) => void = () => {};

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
  verify(connection: Connection, mayBindNew: () => boolean = () => true): string | null {
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
      // Ids bound through a shared link are rationed (the room's bucket): each stays for good.
      if (!mayBindNew()) return 'Many new people joined this board in a short time, so this browser can look but not change it for now: reload the board in a minute.';
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
    if (owner !== undefined) return owner === participantId ? 'mine' : 'taken';
    const seen = this.elsewhere.get(client);
    if (seen === undefined) return 'free';
    if (Date.now() - seen < ELSEWHERE_MS) return 'pending';
    this.elsewhere.delete(client);
    return 'free';
  }

  /**
   * Cluster only: client ids another relay's update or presence carried. Until the record
   * names their owners (a refresh, started here), nobody here may take them.
   */
  seenElsewhere(clients: Iterable<number>): void {
    let unknown = false;
    const now = Date.now();
    for (const client of clients) {
      if (this.state.clients.has(client) || this.elsewhere.has(client)) continue;
      this.elsewhere.set(client, now);
      unknown = true;
    }
    // A failed read leaves them pending until ELSEWHERE_MS; the next read settles them.
    if (unknown) void this.refresh().catch(() => undefined);
  }

  /**
   * Cluster only: resolves once every client id seen elsewhere has an owner on record
   * here, or has waited out ELSEWHERE_MS (its relay died before saving the claim).
   */
  async whenOwnersKnown(): Promise<void> {
    for (;;) {
      await this.refresh();
      const now = Date.now();
      let wait = 0;
      for (const seen of this.elsewhere.values()) wait = Math.max(wait, seen + ELSEWHERE_MS - now);
      if (wait <= 0) return;
      // The claim commits with the update or just after the presence that showed it: ask again shortly.
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 50)));
    }
  }

  /**
   * Cluster only: reads the record again and merges it in (its bindings win), so a
   * participant bound, a client id claimed or a removal made on another relay holds here.
   * Resolves after a read that started after the call.
   */
  refresh(): Promise<void> {
    if (!this.store.shared) return Promise.resolve();
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const record = await this.store.loadRoster(this.boardId);
        if (record) this.adopt(record);
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
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

  isRemoved(participantId: string): boolean {
    return this.state.participants.get(participantId)?.removed === true;
  }

  /** Removes a participant for good: the id may not join again; returns whether it was known. */
  remove(participantId: string): boolean {
    const entry = this.state.participants.get(participantId);
    this.state.participants.set(participantId, { keyHash: entry?.keyHash ?? null, via: entry?.via ?? 'shared', removed: true });
    this.save();
    return entry !== undefined;
  }

  whenSaved(): Promise<void> {
    if (this.store.shared) return Promise.all(this.sharedSaves).then(() => undefined);
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
    if (!this.store.shared) {
      this.saving ??= this.saveWhileChanged();
      return;
    }
    // Saved with this turn's appends (the store batches per turn): a microtask runs before
    // the store's batch starts, so the claims an update made commit with the update.
    if (this.saveScheduled) return;
    this.saveScheduled = true;
    queueMicrotask(() => {
      this.saveScheduled = false;
      this.unsaved = false;
      const saved = this.store.saveRoster(this.boardId, rosterToStored(this.state)).then(
        (record) => this.adopt(record),
        (error: unknown) => this.onStoreFailed(error),
      );
      this.sharedSaves.add(saved);
      void saved.finally(() => this.sharedSaves.delete(saved));
    });
  }

  /** Merges the record in: its word wins where it differs; says who was lost here. */
  private adopt(record: RosterState): void {
    const merged = mergeRosters(record, this.state);
    const lost: [string, RosterLoss][] = [];
    for (const [id, mine] of this.state.participants) {
      const now = merged.participants.get(id)!;
      if (now.removed && !mine.removed) lost.push([id, 'removed']);
      else if (!sameBinding(now, mine)) lost.push([id, 'bound elsewhere']);
    }
    this.state.participants.clear();
    for (const [id, entry] of merged.participants) this.state.participants.set(id, entry);
    for (const [client, owner] of merged.clients) {
      this.state.clients.set(client, owner);
      this.elsewhere.delete(client);
    }
    for (const [id, why] of lost) this.onLost(id, why);
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

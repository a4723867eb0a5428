// One loaded board: its Y.Doc, its presence, the connections on it and its extensions
// (roomExtension.ts). Every update a browser sends is judged before anything applies it;
// what is accepted goes to the other connections and to the store, and the extensions
// hear of it; what is refused changes nothing for anyone else, and only its sender is told.
import * as Y from 'yjs';
import { roleCanEdit } from '../../shared/access.ts';
import { isAnonymous, readAnonymity } from '../../shared/anonymity.ts';
import { participantsMap, ROOT } from '../../shared/schema.ts';
import { migrateBoard } from '../../shared/migrations.ts';
import { readBoardTitle } from '../../shared/model.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { encodeWorkshopNotice } from '../../shared/workshopMessages.ts';
import { Roster } from '../access/roster.ts';
import { TokenBucket } from '../limits/tokenBucket.ts';
import type { RelayLimits } from '../limits/relayLimits.ts';
import { RoundKeeper } from '../rounds/roundKeeper.ts';
import { emptySealedState } from '../rounds/sealedState.ts';
import type { UpdateDecision } from '../rules/decideUpdate.ts';
import { RulesExtension } from '../rules/rulesExtension.ts';
import { StoreError, type BoardStore } from '../store/boardStore.ts';
import { confirmWhenStored } from './confirmations.ts';
import { Connection } from './connection.ts';
import { SharedFrame } from './frames.ts';
import { Membership } from '../access/membership.ts';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage, encodeViewOnlyNotice, handleMessage, type MessageContext } from './messages.ts';
import { WholeBoardReply } from './wholeBoard.ts';
import { compressedMessage } from './compressedMessages.ts';
import { RoomPresence } from './presence.ts';
import type { RoomExtension } from './roomExtension.ts';
import { ClusterExtension } from '../cluster/clusterExtension.ts';
import type { RedisBus } from '../cluster/redisBus.ts';

/** The origin of an update another relay stored: applied here, neither judged nor stored again. */
const STORED_ELSEWHERE = Symbol('stored by another relay');

export interface RoomEvents {
  /** Nobody has been connected for the idle time: the room may be unloaded. */
  onIdle(room: Room): void;
  /** A write to the store failed: the room no longer matches the store. */
  onStoreFailed(room: Room, error: unknown): void;
  /** The room's document no longer matches the store for another reason. */
  onDiverged(room: Room, why: string): void;
  /** The open round's deadline changed (null: none); the relay reveals it then. */
  onDeadline(room: Room, at: number | null): void;
  log(line: string): void;
}

/**
 * Resyncs a connection may ask for (its update built on structs the room lacks): an
 * honest browser needs one after a reconnect at most; more is a loop or a flood.
 */
const RESYNC_BURST = 10;
const RESYNCS_PER_SECOND = 0.5;

export class Room {
  readonly presence: RoomPresence;
  private readonly connections = new Set<Connection>();
  /** Cluster only: connections waiting for the roster to be read again before they join. */
  private readonly joining = new Set<Connection>();
  private readonly resyncs = new Map<Connection, TokenBucket>();
  /**
   * Connections the room has sent a sync step 1 and not yet had the step 2 back from: an
   * update of theirs that builds on what the room lacks will come again in that step 2.
   */
  private readonly awaitingStep2 = new Set<Connection>();
  /**
   * Connections whose catch-up builds on changes the store lost in a crash (decideUpdate.ts,
   * withoutOthersWork), with the client ids of those changes' authors: asked again for it
   * once one of them writes, not on every update they send meanwhile.
   */
  private readonly heldBack = new Map<Connection, Set<number>>();
  private writes: Promise<void> = Promise.resolve();
  /** A write to the store failed: the document holds what the log may not. */
  private writeFailed = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  /** The first reply to a browser with nothing of the board (wholeBoard.ts). */
  private readonly wholeBoard = new WholeBoardReply(() => Y.encodeStateAsUpdate(this.doc));
  private readonly extensions: RoomExtension[];
  private readonly rules: RulesExtension;
  /** New participant ids the board binds through shared links (NEW_PARTICIPANTS_PER_BOARD_*). */
  private readonly newParticipants: TokenBucket;
  /** Numbers of stored updates the document holds beyond `storedSeq` (not yet contiguous). */
  private readonly storedAhead = new Set<number>();
  private catchingUp: Promise<void> | null = null;
  /** The fan-out to other relays, when this relay is one of a cluster. */
  private readonly cluster: ClusterExtension | null = null;
  private catchUpAgain = false;

  /**
   * Loads the board from the store and upgrades it to the current schema; null when no
   * such board was created. The upgrade is written back before anyone sees the board.
   */
  static async load(
    boardId: string,
    store: BoardStore,
    events: RoomEvents,
    idleUnloadMs: number,
    limits: RelayLimits,
    bus: RedisBus | null = null,
  ): Promise<Room | null> {
    const stored = await store.loadBoard(boardId);
    if (!stored) return null;
    const state = stored.state;
    let seq = stored.seq;
    const doc = new Y.Doc();
    const migration: Uint8Array[] = [];
    try {
      try {
        Y.applyUpdate(doc, state);
      } catch (error) {
        throw new StoreError(`The board ${boardId} is damaged: its stored state cannot be read (${String(error)}).`);
      }
      const collect = (update: Uint8Array) => migration.push(update);
      doc.on('update', collect);
      try {
        migrateBoard(doc);
      } finally {
        doc.off('update', collect);
      }
      for (const update of migration) seq = await store.appendUpdate(boardId, update);
    } catch (error) {
      doc.destroy();
      throw error;
    }
    let room: Room | null = null;
    const onStoreFailed = (error: unknown) => room && events.onStoreFailed(room, error);
    const sealed = (await store.loadSealed(boardId)) ?? emptySealedState();
    const roster = await Roster.load(boardId, store, sealed.legacyParticipantKeys ?? null, onStoreFailed);
    roster.claimForRelay(doc.clientID);
    const keeper = new RoundKeeper(boardId, doc, store, sealed, {
      onStoreFailed,
      onDeadline: (at) => room && events.onDeadline(room, at),
      whenDocWritten: () => room?.writes ?? Promise.resolve(),
      catchUp: () => room?.catchUp() ?? Promise.resolve(),
      noticeElsewhere: (participantId, message) => room?.noticeElsewhere(participantId, message),
      presentElsewhere: () => (bus ? bus.presentOn(boardId) : Promise.resolve([])),
      isRemoved: (participantId) => roster.refresh().then(() => roster.isRemoved(participantId)),
      maxBeliefsPerBoard: limits.maxBeliefsPerBoard,
    });
    const loadedBytes = migration.reduce((bytes, update) => bytes + update.length, state.length);
    room = new Room(boardId, doc, store, events, idleUnloadMs, roster, keeper, limits, loadedBytes, seq, bus);
    // Whatever other relays stored between the read above and following the board on the
    // bus: caught up once the bus delivers the board's messages, so nothing falls between.
    if (bus) {
      await room.cluster?.following;
      await room.catchUp();
    }
    return room;
  }

  private constructor(
    readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly store: BoardStore,
    private readonly events: RoomEvents,
    private readonly idleUnloadMs: number,
    private readonly roster: Roster,
    private readonly keeper: RoundKeeper,
    limits: RelayLimits,
    loadedBytes: number,
    /** The number of the last stored update the document holds (the store's log). */
    private storedSeq: number,
    bus: RedisBus | null,
  ) {
    this.presence = new RoomPresence(
      doc,
      (message) => this.broadcast(message),
      // A tab presents its Yjs client id in its presence before it writes anything: the id
      // becomes its participant's then, or anyone who saw it could write under it first
      // (and the tab's own writes would be refused as someone else's) or, once the tab
      // reconnects, speak for it. A view link binds nothing and takes nobody's id.
      // A new id is charged as a first write under it would be (RulesExtension's rationing),
      // or presenting ids first would bring any number of them in past it.
      (connection, client) => {
        const participantId = connection.verifiedParticipant;
        const owner = roster.ownerOf(client, participantId);
        if (owner === 'taken' || owner === 'pending') return false;
        if (owner === 'free' && participantId !== null) {
          if (this.rules.admitNewClients(connection, [client]) !== null) return false;
          roster.claim([client], participantId);
        }
        return true;
      },
      bus ? (update) => this.tellExtensions((extension) => extension.presenceChanged?.(update)) : null,
    );
    const membership = new Membership(doc, roster, keeper, (participantId) => this.closeParticipant(participantId, true));
    this.rules = new RulesExtension(doc, roster, limits, loadedBytes);
    this.newParticipants = new TokenBucket(limits.newParticipantsPerBoardBurst, limits.newParticipantsPerBoardPerMinute / 60);
    this.extensions = [this.rules, keeper, membership];
    if (bus) {
      this.cluster = new ClusterExtension(boardId, bus, {
          applyStored: (seq, update) => this.applyStored(seq, update),
          storedUpTo: (seq) => {
            if (seq > this.storedSeq && !this.storedAhead.has(seq)) this.catchUpQuietly();
          },
          presence: this.presence,
          seenElsewhere: (clients) => roster.seenElsewhere(clients),
          deliverNotice: (participantId, message) => this.deliverNotice(participantId, message),
          closeParticipant: (participantId) => this.closeParticipant(participantId, false),
        });
      this.extensions.push(this.cluster);
    }
    doc.on('update', this.onDocUpdate);
    // Cluster only: the same participant id bound on two relays at once (the record keeps
    // the first), or removed through another relay.
    roster.onLost = (participantId, why) => {
      for (const connection of this.connections) {
        if (connection.verifiedParticipant !== participantId) continue;
        this.events.log(`board ${this.boardId}: participant ${participantId} ${why} by another relay; closing its connection here`);
        connection.close(why === 'removed' ? CLOSE.removed : CLOSE.accessChanged);
      }
    };
  }

  /**
   * Applies updates stored after what the room holds (by other relays), in order. Runs one
   * catch-up at a time; asked again meanwhile, it runs once more after.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        if (this.destroyed) return;
        const updates = await this.store.updatesSince(this.boardId, this.storedSeq);
        for (const { seq, update } of updates) this.applyStored(seq, update);
        // What came back covers everything up to its last number (a compacted stretch merged).
        const last = updates.at(-1)?.seq;
        if (last !== undefined && last > this.storedSeq) this.advanceStoredSeq(last);
      } while (this.catchUpAgain);
    })().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  /** Another relay stopped: its people's presence goes, and whatever it stored is caught up. */
  relayGone(relay: string): void {
    this.presence.forgetRelay(relay);
    this.catchUpQuietly();
  }

  private catchUpQuietly(): void {
    this.catchUp().catch((error: unknown) => this.events.log(`board ${this.boardId}: could not catch up (${String(error)})`));
  }

  /** An update another relay stored, with its number: applied (once) and passed to everyone here. */
  private applyStored(seq: number, update: Uint8Array): void {
    if (this.destroyed || seq <= this.storedSeq || this.storedAhead.has(seq)) return;
    // Its writers' client ids are claimed on the record with it; until this relay has read
    // that, nobody here may write under them.
    this.roster.seenElsewhere(Y.parseUpdateMeta(update).from.keys());
    Y.applyUpdate(this.doc, update, STORED_ELSEWHERE);
    this.markStored(seq);
    // A gap: something before it never reached us (the bus lost it, or a relay died before
    // sending it). Once this room's own writes are in, whatever is still missing is read back.
    if (this.storedAhead.size > 0) {
      void this.writes.then(() => {
        if (this.storedAhead.size > 0) this.catchUpQuietly();
      });
    }
  }

  private markStored(seq: number): void {
    if (seq <= this.storedSeq) return;
    this.storedAhead.add(seq);
    while (this.storedAhead.delete(this.storedSeq + 1)) this.storedSeq++;
  }

  private advanceStoredSeq(seq: number): void {
    this.storedSeq = seq;
    for (const ahead of this.storedAhead) if (ahead <= seq) this.storedAhead.delete(ahead);
    while (this.storedAhead.delete(this.storedSeq + 1)) this.storedSeq++;
  }

  /** A workshop notice the keeper meant for a participant, passed to their tabs on other relays. */
  private noticeElsewhere(participantId: string, message: Uint8Array): void {
    this.tellExtensions((extension) => extension.notice?.(participantId, message));
  }

  /** A notice from another relay for a participant's tabs here. */
  private deliverNotice(participantId: string, message: Uint8Array): void {
    for (const connection of this.connections) if (connection.verifiedParticipant === participantId) connection.send(message);
  }

  private tellExtensions(tell: (extension: RoomExtension) => void): void {
    for (const extension of this.extensions) tell(extension);
  }

  join(connection: Connection): void {
    this.cancelIdle();
    if (!this.store.shared || !roleCanEdit(connection.role) || !connection.participant) {
      this.admit(connection);
      return;
    }
    // A relay of a cluster reads who joined again first: the id may have been bound, or
    // removed, through another relay since this one loaded the board.
    this.joining.add(connection);
    connection.onClose(() => {
      if (this.joining.delete(connection)) this.releaseIfEmpty();
    });
    this.roster.refresh().then(
      () => {
        if (!this.joining.delete(connection) || this.destroyed || !connection.open) return;
        this.admit(connection);
      },
      (error: unknown) => {
        // The record cannot be read now (PostgreSQL away): this one waits and retries;
        // the people already here carry on.
        this.events.log(`board ${this.boardId}: could not read who joined (${String(error)}); the joining connection retries`);
        if (this.joining.delete(connection)) connection.close(CLOSE.storeFailed);
        this.releaseIfEmpty();
      },
    );
  }

  private admit(connection: Connection): void {
    this.connections.add(connection);
    connection.onClose(() => this.leave(connection));
    const refusal = this.roster.verify(connection, () => this.newParticipants.take());
    connection.send(encodeSyncStep1(this.doc));
    this.awaitingStep2.add(connection);
    // A link that may not change the board, or a browser that could not prove who it is,
    // is told once, in y-protocols' own words, that its changes are dropped.
    if (!roleCanEdit(connection.role) || connection.verifiedParticipant === null) connection.send(encodeViewOnlyNotice());
    if (refusal) this.events.log(`board ${this.boardId}: a ${connection.role} connection joined unable to change the board: ${refusal}`);
    const notice = connection.notice ?? refusal;
    if (notice) connection.send(encodeWorkshopNotice({ kind: 'refused', reason: notice, comment: null }));
    this.presence.join(connection);
    const present = this.presence.everyone();
    if (present) connection.send(present);
    for (const extension of this.extensions) extension.join?.(connection);
    // One context per connection, not one per message: this is the relay's hottest path.
    const context = this.contextFor(connection);
    connection.deliverTo((message) => this.receive(connection, context, message));
  }

  /**
   * Makes the whole board's reply for a newcomer ahead of time (wholeBoard.ts), while a
   * browser that asked about its link is still starting: encoding a board of 2,000 beliefs
   * × 30 people takes 70–140 ms, which then no longer lies between its first sync message
   * and the answer. Both forms, since browsers read compressed messages.
   */
  prepareNewcomerReply(): void {
    if (this.destroyed || this.connections.size > 0) return;
    this.wholeBoard.messages(true);
  }

  /**
   * The board's whole state as the copy pages fetch as they open it (Rooms.unload), or null
   * when it encodes to fewer than `fromBytes`. From the document, never the stored bytes:
   * only its own encoding has dropped what later changes took away (wholeBoard.ts).
   */
  boardCopy(fromBytes: number): Uint8Array | null {
    // A board certainly smaller is not encoded at all: every unload would pay for it.
    if (this.destroyed || this.rules.sizeAtMost() < fromBytes) return null;
    const state = this.wholeBoard.wholeState();
    return state.length >= fromBytes ? state : null;
  }

  /**
   * The number of the last stored update the document holds, once its writes are done, when
   * it holds exactly the log up to there; null when it may hold more (a write failed, or
   * updates stored elsewhere arrived past a gap).
   */
  storedThrough(): number | null {
    return this.writeFailed || this.storedAhead.size > 0 ? null : this.storedSeq;
  }

  /** Starts the idle countdown if nobody is here (a connection may close while loading). */
  releaseIfEmpty(): void {
    if (this.connections.size > 0 || this.joining.size > 0 || this.destroyed || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.events.onIdle(this);
    }, this.idleUnloadMs);
  }

  /** The board's title, as the room holds it now. */
  title(): string {
    return readBoardTitle(this.doc);
  }

  /** Resolves when every update and everything the extensions keep is in the store (or failed to get there). */
  whenWritten(): Promise<void> {
    return Promise.all([this.writes, this.roster.whenSaved(), ...this.extensions.map((extension) => extension.whenSaved?.())]).then(() => undefined);
  }

  /** Reveals the open round if its deadline has passed (the relay's deadline timer asks). */
  revealIfDue(now: number): Promise<void> {
    return this.destroyed ? Promise.resolve() : this.keeper.revealIfDue(now);
  }

  closeConnections(code: number): void {
    for (const connection of this.connections) connection.close(code);
  }

  /** Frees the document; connections must be gone or closing. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.cancelIdle();
    this.doc.off('update', this.onDocUpdate);
    for (const extension of this.extensions) extension.unload?.();
    this.presence.destroy();
    this.doc.destroy();
  }

  private contextFor(connection: Connection): MessageContext {
    return {
      reply: (answer) => connection.send(answer),
      answerSyncStep1: (stateVector) => this.answerSyncStep1(connection, stateVector),
      update: (update, isStep2) => this.receiveUpdate(connection, update, isStep2),
      awareness: (update) => this.presence.receive(connection, update),
      everyonePresent: () => this.presence.everyone(),
      workshop: (request) => {
        for (const extension of this.extensions) if (extension.workshop?.(connection, request)) return;
      },
      confirmWhenStored: (token) =>
        confirmWhenStored({
          token,
          doc: this.doc,
          written: this.writes,
          // A failed write drops (destroys) the room before the chain resolves; a
          // view-only connection's updates are dropped, so nothing of it is confirmed.
          stillTrusted: () => !this.destroyed && roleCanEdit(connection.role) && connection.verifiedParticipant !== null,
          send: (answer) => connection.send(answer),
        }),
    };
  }

  private receive(connection: Connection, context: MessageContext, message: Uint8Array): void {
    if (this.destroyed) return;
    try {
      handleMessage(message, context);
    } catch (error) {
      this.events.log(`board ${this.boardId}: closing a connection that sent an unreadable message (${String(error)})`);
      connection.close(CLOSE.badMessage);
    }
  }

  /** An update from a browser: judged first, then applied whole, applied in part, or refused. */
  private receiveUpdate(connection: Connection, update: Uint8Array, isStep2: boolean): void {
    if (isStep2) this.awaitingStep2.delete(connection);
    let decision: UpdateDecision | null = null;
    for (const extension of this.extensions) {
      decision = extension.beforeApply?.(connection, update, isStep2) ?? null;
      if (decision) break;
    }
    if (!decision) throw new Error('no extension judges updates');
    switch (decision.kind) {
      case 'nothing':
        return;
      case 'resync':
        // Held back: asked again once the change it waits for is back (onDocUpdate).
        if (this.heldBack.has(connection)) return;
        return this.resync(connection);
      case 'heldBack':
        if (!this.heldBack.has(connection)) {
          this.events.log(`board ${this.boardId}: holding back a ${connection.role} connection's catch-up: it builds on changes of Yjs clients ${decision.waitingFor.join(', ')} that the store does not have`);
          connection.send(
            encodeWorkshopNotice({
              kind: 'changeRefused',
              reason: 'Some of your latest changes build on a colleague’s change the relay lost when it stopped. They are kept in this browser and saved once that colleague’s browser is back on the board.',
            }),
          );
        }
        this.heldBack.set(connection, new Set(decision.waitingFor));
        return;
      case 'wait': {
        // Nothing more from this browser is handled until the record says whose the client
        // ids are; then this update is decided again, as on a relay that knew at once.
        const resume = connection.pause();
        this.roster.whenOwnersKnown().then(
          () => {
            if (this.destroyed || !connection.open) return;
            this.receiveUpdate(connection, update, isStep2);
            resume();
          },
          (error: unknown) => {
            this.events.log(`board ${this.boardId}: could not read who owns a client id (${String(error)})`);
            connection.close(CLOSE.storeFailed);
          },
        );
        return;
      }
      case 'forbidden':
        this.events.log(`board ${this.boardId}: refused a ${connection.role} connection's update and closed it: ${decision.reason}`);
        connection.send(encodeWorkshopNotice({ kind: 'refused', reason: `The relay refused a change from this browser: ${decision.reason}.`, comment: null }));
        connection.close(CLOSE.forbiddenChange);
        return;
      case 'apply':
        try {
          Y.applyUpdate(this.doc, decision.update, connection);
        } catch (error) {
          // Decoded and judged whole, it should apply whole; if Yjs still fails halfway,
          // the document may hold part of it, which the store does not: reload.
          connection.close(CLOSE.badMessage);
          this.events.onDiverged(this, `an update failed to apply (${String(error)})`);
          return;
        }
        if (decision.refusals.length > 0) {
          this.events.log(`board ${this.boardId}: kept part of a ${connection.role} connection's update out: ${decision.refusals.map((refusal) => refusal.reason).join(' ')}`);
          connection.send(encodeWorkshopNotice({ kind: 'changeRefused', reason: decision.refusals.map((refusal) => refusal.reason).join(' ') }));
        }
    }
  }

  /** Asks the sender for everything it has that the room lacks (a sync step 1 with the room's state). */
  private resync(connection: Connection): void {
    // Already asked: the answer holds this update too.
    if (this.awaitingStep2.has(connection)) return;
    let bucket = this.resyncs.get(connection);
    if (!bucket) this.resyncs.set(connection, (bucket = new TokenBucket(RESYNC_BURST, RESYNCS_PER_SECOND)));
    if (!bucket.take()) {
      connection.close(CLOSE.badMessage);
      return;
    }
    connection.send(encodeSyncStep1(this.doc));
    this.awaitingStep2.add(connection);
  }

  /**
   * Answered once what the room has accepted so far is stored: a browser opening the board
   * starts from what a crash cannot take (later changes reach it as they are accepted).
   */
  private answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    // Read now, while a malformed one still closes this connection as unreadable (receive):
    // read later it threw in a promise nobody handles, and the sender stayed.
    Y.decodeStateVector(stateVector);
    void this.writes.then(() => {
      if (!this.destroyed && connection.open) connection.sendFirstReply(this.stateSince(stateVector, connection.readsCompressed));
    });
  }

  /**
   * Whether a change may reach later newcomers as it came (wholeBoard.ts), beside the board
   * it builds on. Not one that takes away what must be gone for every link — a comment's
   * words (deleted, edited, hidden) or a removed participant, as the history redacts them
   * (historyRedaction.ts) — since the changes kept before it still hold that; and nothing
   * on an anonymous board, where the relay takes named answers away to put them under
   * pseudonyms. The document's own encoding has dropped all of it.
   */
  private mayReachNewcomersAsIs(transaction: Y.Transaction): boolean {
    if (isAnonymous(readAnonymity(this.doc).level)) return false;
    const deletes = transaction.deleteSet.clients.size > 0;
    const participants = participantsMap(this.doc);
    const comments = [this.doc.share.get(ROOT.comments), this.doc.share.get(ROOT.hiddenComments)];
    for (const [type, keys] of transaction.changed) {
      let root: Y.AbstractType<any> = type;
      while (root.parent) root = root.parent;
      if (deletes && comments.includes(root)) return false;
      if ((type as unknown) === participants && [...keys].some((key) => key !== null && !participants.has(key))) return false;
    }
    return true;
  }

  /**
   * The messages that give a browser with `stateVector` what it lacks of the board, the sync
   * step 2 last; `compressed` for a browser that reads compressed messages.
   */
  private stateSince(stateVector: Uint8Array, compressed: boolean): Uint8Array[] {
    // An empty state vector encodes as the single byte 0 (no clients).
    if (stateVector.length === 1 && stateVector[0] === 0) return this.wholeBoard.messages(compressed);
    const reply = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
    return [compressed ? compressedMessage(reply) : reply];
  }

  private leave(connection: Connection): void {
    if (!this.connections.delete(connection) || this.destroyed) return;
    this.resyncs.delete(connection);
    this.awaitingStep2.delete(connection);
    this.heldBack.delete(connection);
    for (const extension of this.extensions) extension.leave?.(connection);
    this.presence.leave(connection);
    this.releaseIfEmpty();
  }

  /** Closes every tab of a participant the facilitator removed (`everywhere`: on other relays too). */
  private closeParticipant(participantId: string, everywhere: boolean): void {
    for (const connection of this.connections) {
      if (connection.verifiedParticipant === participantId || connection.participant?.id === participantId) connection.close(CLOSE.removed);
    }
    if (everywhere) this.tellExtensions((extension) => extension.participantRemoved?.(participantId));
  }

  private broadcast(message: Uint8Array): void {
    const shared = new SharedFrame(message);
    for (const connection of this.connections) connection.sendShared(shared);
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /**
   * An accepted change goes to the others at once and to the store in this turn's synced
   * batch; its sender hears "saved" only once the batch is on disk (confirmWhenStored).
   * Waiting for the disk before relaying cost every live change a batch and an fsync of
   * latency, and halved what a board sustains (docs/performance.md). What that wait
   * guarded against: the relay stopping between the two, leaving the others holding a
   * change the store never got, which they hand back on reconnecting. The judge leaves
   * such structs out of a catch-up rather than refusing the browser (decideUpdate.ts,
   * withoutOthersWork); the author's browser, which was never told "saved", sends them again.
   */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    this.wholeBoard.changed(update, () => this.mayReachNewcomersAsIs(transaction));
    if (origin === STORED_ELSEWHERE) {
      // Already in the store: to everyone here at once.
      this.broadcast(encodeUpdateMessage(update));
      for (const extension of this.extensions) extension.accepted?.({ update, transaction, from: null, remote: true });
      return;
    }
    const from = origin instanceof Connection ? origin : null;
    const stored = this.store.appendUpdate(this.boardId, update).then(
      (seq) => {
        this.markStored(seq);
        this.tellExtensions((extension) => extension.stored?.({ update, seq }));
        return true;
      },
      (error: unknown) => {
        this.writeFailed = true;
        this.events.onStoreFailed(this, error);
        return false;
      },
    );
    this.writes = this.writes.then(() => stored).then(() => undefined);
    const message = new SharedFrame(encodeUpdateMessage(update));
    for (const connection of this.connections) {
      if (connection !== from) connection.sendShared(message);
    }
    for (const extension of this.extensions) extension.accepted?.({ update, transaction, from, remote: false });
    if (this.heldBack.size > 0) this.resumeHeldBack(update);
  };

  /** A held-back catch-up is asked for again once a writer it waits for has written. */
  private resumeHeldBack(update: Uint8Array): void {
    const writers = Y.parseUpdateMeta(update).from;
    for (const [connection, waitingFor] of this.heldBack) {
      if (![...waitingFor].some((client) => writers.has(client))) continue;
      this.heldBack.delete(connection);
      this.resync(connection);
    }
  }
}

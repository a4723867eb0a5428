// One loaded board: its Y.Doc, its awareness, the connections editing it and the awareness
// client ids each connection controls. Every accepted update goes to the other
// connections and to the store; the room keeps track of the writes still in flight.
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { migrateBoard } from '../../shared/migrations.ts';
import { StoreError, type BoardStore } from '../store/boardStore.ts';
import type { Connection } from './connection.ts';
import { confirmWhenStored } from './confirmations.ts';
import { encodeAwarenessMessage, encodeSyncStep1, encodeUpdateMessage, encodeViewOnlyNotice, handleMessage, type MessageContext } from './messages.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { roleCanEdit } from '../../shared/access.ts';
import { LimitExceeded, type RelayLimits } from '../limits/relayLimits.ts';
import { RoomPolicy } from '../limits/roomPolicy.ts';
import { RoundKeeper } from '../rounds/roundKeeper.ts';

export interface RoomEvents {
  /** Nobody has been connected for the idle time: the room may be unloaded. */
  onIdle(room: Room): void;
  /** A write to the store failed: the room no longer matches the store. */
  onStoreFailed(room: Room, error: unknown): void;
  /** The room applied a change it then refused to keep: it no longer matches the store. */
  onDiverged(room: Room, why: string): void;
  /** The open round's deadline changed (null: none); the relay reveals it then. */
  onDeadline(room: Room, at: number | null): void;
  log(line: string): void;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class Room {
  private readonly awareness: Awareness;
  private readonly connections = new Map<Connection, Set<number>>();
  private writes: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private destroyed = false;
  private readonly policy: RoomPolicy;
  private readonly keeper: RoundKeeper;
  /**
   * The whole board as one update while the document is unchanged since it was made:
   * everyone opening a board with nothing of it yet gets this, so a crowd arriving at a
   * big board costs one encoding, not one each. Dropped on the next change.
   */
  private fullState: Uint8Array | null = null;

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
  ): Promise<Room | null> {
    const state = await store.loadBoard(boardId);
    if (!state) return null;
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
      for (const update of migration) await store.appendUpdate(boardId, update);
    } catch (error) {
      doc.destroy();
      throw error;
    }
    let room: Room | null = null;
    const keeper = await RoundKeeper.load(boardId, doc, store, {
      onStoreFailed: (error) => room && events.onStoreFailed(room, error),
      onDeadline: (at) => room && events.onDeadline(room, at),
      whenDocWritten: () => room?.writes ?? Promise.resolve(),
    });
    const loadedBytes = migration.reduce((bytes, update) => bytes + update.length, state.length);
    room = new Room(boardId, doc, store, events, idleUnloadMs, limits, keeper, loadedBytes);
    // Unless migrated, the stored state is the whole board: the first people to open it
    // get it as it is, without encoding it again.
    if (migration.length === 0) room.fullState = state;
    return room;
  }

  private constructor(
    readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly store: BoardStore,
    private readonly events: RoomEvents,
    private readonly idleUnloadMs: number,
    limits: RelayLimits,
    keeper: RoundKeeper,
    loadedBytes: number,
  ) {
    this.keeper = keeper;
    this.policy = new RoomPolicy(doc, limits, loadedBytes);
    this.awareness = new Awareness(doc);
    // The relay is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  join(connection: Connection): void {
    this.cancelIdle();
    this.connections.set(connection, new Set());
    connection.onClose(() => this.leave(connection));
    connection.send(encodeSyncStep1(this.doc));
    if (!roleCanEdit(connection.role)) connection.send(encodeViewOnlyNotice());
    const present = Array.from(this.awareness.getStates().keys());
    if (present.length > 0) connection.send(encodeAwarenessMessage(this.awareness, present));
    this.keeper.join(connection);
    // One context per connection, not one per message: this is the relay's hottest path.
    const context = this.contextFor(connection);
    connection.deliverTo((message) => this.receive(connection, context, message));
  }

  /** Starts the idle countdown if nobody is here (a connection may close while loading). */
  releaseIfEmpty(): void {
    if (this.connections.size > 0 || this.destroyed || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.events.onIdle(this);
    }, this.idleUnloadMs);
  }

  /** Resolves when every update and sealed answer accepted so far is in the store (or failed to get there). */
  whenWritten(): Promise<void> {
    return Promise.all([this.writes, this.keeper.whenSaved()]).then(() => undefined);
  }

  /** Reveals the open round if its deadline has passed (the relay's deadline timer asks). */
  revealIfDue(now: number): void {
    if (!this.destroyed) this.keeper.revealIfDue(now);
  }

  closeConnections(code: number): void {
    for (const connection of this.connections.keys()) connection.close(code);
  }

  /** Frees the document; connections must be gone or closing. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.cancelIdle();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.keeper.destroy();
    this.policy.destroy();
    this.doc.destroy();
  }

  private contextFor(connection: Connection): MessageContext {
    return {
      doc: this.doc,
      awareness: this.awareness,
      origin: connection,
      reply: (answer) => connection.send(answer),
      stateSince: (stateVector) => this.stateSince(stateVector),
      admitUpdate: (update) => this.policy.admitUpdate(connection, update),
      workshop: (request) => this.keeper.handle(connection, request),
      confirmWhenStored: (token) =>
        confirmWhenStored({
          token,
          doc: this.doc,
          written: this.writes,
          // A failed write drops (destroys) the room before the chain resolves; a
          // view-only connection's updates are dropped, so nothing of it is confirmed.
          stillTrusted: () => !this.destroyed && roleCanEdit(connection.role),
          send: (answer) => connection.send(answer),
        }),
    };
  }

  private receive(connection: Connection, context: MessageContext, message: Uint8Array): void {
    if (this.destroyed) return;
    try {
      handleMessage(message, context);
    } catch (error) {
      if (error instanceof LimitExceeded) {
        connection.close(error.code);
        return;
      }
      this.events.log(`board ${this.boardId}: closing a connection that sent an unreadable message (${String(error)})`);
      connection.close(CLOSE.badMessage);
    }
    const refusal = this.policy.takeRefusal();
    if (refusal) {
      // Applied here but neither relayed nor stored: reload the room from the store.
      connection.close(refusal.code);
      this.events.onDiverged(this, `refused a change (${refusal.reason})`);
    }
  }

  private stateSince(stateVector: Uint8Array): Uint8Array {
    // An empty state vector encodes as the single byte 0 (no clients).
    if (stateVector.length !== 1 || stateVector[0] !== 0) return Y.encodeStateAsUpdate(this.doc, stateVector);
    this.fullState ??= Y.encodeStateAsUpdate(this.doc);
    return this.fullState;
  }

  private leave(connection: Connection): void {
    const clients = this.connections.get(connection);
    if (!clients || this.destroyed) return;
    this.connections.delete(connection);
    this.keeper.leave(connection);
    // Tell everyone else this person is gone now, not after the awareness timeout.
    if (clients.size > 0) removeAwarenessStates(this.awareness, Array.from(clients), null);
    this.releaseIfEmpty();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    if (this.policy.withholds(update, origin)) return;
    const message = encodeUpdateMessage(update);
    for (const connection of this.connections.keys()) {
      if (connection !== origin) connection.send(message);
    }
    const write = this.store
      .appendUpdate(this.boardId, update)
      .catch((error: unknown) => this.events.onStoreFailed(this, error));
    this.writes = this.writes.then(() => write);
  };

  private readonly onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const clients = this.connections.get(origin as Connection);
    if (clients) {
      for (const id of added) clients.add(id);
      for (const id of removed) clients.delete(id);
    }
    // Sent to the sender too: it is the only traffic a lone browser gets, and y-websocket
    // reconnects when it hears nothing for 30 seconds.
    const message = encodeAwarenessMessage(this.awareness, added.concat(updated, removed));
    for (const connection of this.connections.keys()) connection.send(message);
  };
}

// The loaded boards, at most one Room per board. A board is loaded on its first
// connection (or as a page asks about its link, just before), unloaded once idle and written, and a connection that arrives while its
// board is loading or unloading waits for that to finish: never two rooms for one board.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { BoardStore } from '../store/boardStore.ts';
import { BOARD_COPY_FROM_BYTES } from '../../shared/limits.ts';
import { Room, type RoomEvents } from './room.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { RelayLimits } from '../limits/relayLimits.ts';
import { DeadlineTimer } from '../rounds/deadlineTimer.ts';
import type { RedisBus } from '../cluster/redisBus.ts';

const gzipAsync = promisify(gzip);

export class ShuttingDownError extends Error {
  constructor() {
    super('The relay is shutting down.');
  }
}

export class Rooms {
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room | null>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly events: RoomEvents;
  private readonly deadlines: DeadlineTimer;
  private closing = false;

  constructor(
    private readonly store: BoardStore,
    private readonly idleUnloadMs: number,
    private readonly log: (line: string) => void,
    private readonly limits: RelayLimits,
    /** The bus to the other relays of a cluster; null for one relay alone. */
    private readonly bus: RedisBus | null = null,
    /** Boards at least this big keep a copy for opening pages as they unload (keepCopy). */
    private readonly boardCopyFromBytes = BOARD_COPY_FROM_BYTES,
  ) {
    this.events = {
      onIdle: (room) => this.unload(room),
      onStoreFailed: (room, error) => this.drop(room, `a write to the store failed (${String(error)})`),
      onDiverged: (room, why) => this.drop(room, why),
      onDeadline: (room, at) => this.deadlines.set(room.boardId, at),
      log,
    };
    this.deadlines = new DeadlineTimer(store, (boardId) => this.revealDue(boardId), log, store.shared);
    this.deadlines.start().catch((error: unknown) => log(`could not read the round deadlines (${String(error)})`));
  }

  get count(): number {
    return this.loaded.size;
  }

  /** Every loaded room (the relay tells them of dead relays and of the bus coming back). */
  each(visit: (room: Room) => void): void {
    for (const room of this.loaded.values()) visit(room);
  }

  /** The board's room, loaded if need be; null when no such board was created. */
  async open(boardId: string): Promise<Room | null> {
    for (;;) {
      if (this.closing) throw new ShuttingDownError();
      const unloading = this.unloading.get(boardId);
      if (unloading) {
        await unloading;
        continue;
      }
      const room = this.loaded.get(boardId);
      if (room) return room;
      return this.loading.get(boardId) ?? this.load(boardId);
    }
  }

  /** Waits for loads and writes, then compacts and frees every board. */
  async close(): Promise<void> {
    this.closing = true;
    this.deadlines.close();
    await Promise.allSettled(this.loading.values());
    await Promise.all(Array.from(this.loaded.values(), (room) => this.unload(room)));
    await Promise.all(this.unloading.values());
  }

  /** A round's deadline came: reveal it, loading the board if nobody has it open. */
  private async revealDue(boardId: string): Promise<void> {
    if (this.closing) return;
    const room = await this.open(boardId);
    if (!room) return;
    await room.revealIfDue(Date.now());
    room.releaseIfEmpty();
  }

  private load(boardId: string): Promise<Room | null> {
    const loading = Room.load(boardId, this.store, this.events, this.idleUnloadMs, this.limits, this.bus)
      .then((room) => {
        if (room) this.loaded.set(boardId, room);
        return room;
      })
      .finally(() => this.loading.delete(boardId));
    this.loading.set(boardId, loading);
    return loading;
  }

  private unload(room: Room): Promise<void> {
    if (this.loaded.get(room.boardId) !== room) return this.unloading.get(room.boardId) ?? Promise.resolve();
    this.loaded.delete(room.boardId);
    const written = room.whenWritten();
    const copy = room.boardCopy(this.boardCopyFromBytes);
    // Destroyed first, so nothing a closing socket still sends can start a new write.
    room.destroy();
    const unloading = (async () => {
      await written;
      if (copy) await this.keepCopy(room, copy);
      try {
        await this.store.compact(room.boardId);
      } catch (error) {
        this.log(`board ${room.boardId}: compaction failed, the log stays as it is (${String(error)})`);
      }
    })().finally(() => this.unloading.delete(room.boardId));
    this.unloading.set(room.boardId, unloading);
    return unloading;
  }

  /**
   * Keeps the board's state as the relay lets it go, for the next page to open it (served by
   * server/http/boardCopyRoute.ts): that page draws it while the relay loads the board, which
   * for 2,000 beliefs × 30 people takes 0.3–1.1 s. Kept only for the log's last number, so
   * the store serves it only until anything else is stored. Gzipped on libuv's threads.
   */
  private async keepCopy(room: Room, state: Uint8Array): Promise<void> {
    const seq = room.storedThrough();
    if (seq === null) return;
    try {
      await this.store.saveBoardCopy(room.boardId, seq, await gzipAsync(state, { level: 6 }));
    } catch (error) {
      this.log(`board ${room.boardId}: could not keep a copy for opening pages (${String(error)})`);
    }
  }

  /**
   * The room holds changes the store does not (a write failed, or a change was refused
   * after it was applied). Dropping it makes every browser reconnect, reload the board
   * from the store and send back what it lacks.
   */
  private drop(room: Room, why: string): void {
    if (this.loaded.get(room.boardId) !== room) return;
    this.log(`board ${room.boardId}: reloading the board: ${why}`);
    this.loaded.delete(room.boardId);
    // The reload waits for saves already under way: the sealed answers are stored whole,
    // so a reload that read them before a pending save would lose that save.
    const written = room.whenWritten().finally(() => this.unloading.delete(room.boardId));
    this.unloading.set(room.boardId, written);
    room.closeConnections(CLOSE.storeFailed);
    room.destroy();
  }
}

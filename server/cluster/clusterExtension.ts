// The fan-out of one board to the other relays of a cluster, through the room's hooks:
// what this relay stored goes on the bus with its number in the log, and so does its
// people's presence and the workshop notices for participants on other relays; what the
// others publish comes back into this room. The record is PostgreSQL: the room catches
// up from it when the bus lost something (docs/scaling.md).
import * as Y from 'yjs';
import type { Connection } from '../relay/connection.ts';
import type { RoomPresence } from '../relay/presence.ts';
import type { RoomExtension, StoredUpdate } from '../relay/roomExtension.ts';
import type { RedisBus } from './redisBus.ts';

/** What the extension may do to its room. */
export interface ClusteredRoom {
  applyStored(seq: number, update: Uint8Array): void;
  /** Another relay stored up to `seq`: catch up if the room is behind. */
  storedUpTo(seq: number): void;
  presence: RoomPresence;
  /** Yjs client ids another relay's people use (in updates or presence): not to be taken here. */
  seenElsewhere(clients: Iterable<number>): void;
  deliverNotice(participantId: string, message: Uint8Array): void;
  closeParticipant(participantId: string): void;
}

export class ClusterExtension implements RoomExtension {
  /** Resolves once the board's channel is followed: the room catches up after that, not before. */
  readonly following: Promise<void>;
  /** Updates stored under one number, waiting to go out as one message. */
  private readonly unpublished = new Map<number, Uint8Array[]>();

  constructor(
    private readonly boardId: string,
    private readonly bus: RedisBus,
    room: ClusteredRoom,
  ) {
    this.following = bus.join(boardId, {
      update: (seq, update) => room.applyStored(seq, update),
      storedUpTo: (seq) => room.storedUpTo(seq),
      awareness: (update, fromRelay) => room.seenElsewhere(room.presence.receiveRemote(update, fromRelay)),
      notice: (participantId, message) => room.deliverNotice(participantId, message),
      participantRemoved: (participantId) => room.closeParticipant(participantId),
    });
  }

  /**
   * The store writes what a board got in one turn as ONE numbered entry, and so the bus
   * carries one message per number: updates stored under the same number are merged and
   * published together (they arrive in one run of promise callbacks).
   */
  stored({ update, seq }: StoredUpdate): void {
    const updates = this.unpublished.get(seq);
    if (updates) {
      updates.push(update);
      return;
    }
    this.unpublished.set(seq, [update]);
    queueMicrotask(() => {
      const batch = this.unpublished.get(seq)!;
      this.unpublished.delete(seq);
      this.bus.publishUpdate(this.boardId, seq, batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
    });
  }

  presenceChanged(update: Uint8Array): void {
    this.bus.publishAwareness(this.boardId, update);
  }

  notice(participantId: string, message: Uint8Array): void {
    this.bus.publishNotice(this.boardId, participantId, message);
  }

  participantRemoved(participantId: string): void {
    this.bus.publishParticipantRemoved(this.boardId, participantId);
  }

  /** A verified participant's tab counts towards who should answer a round, on every relay. */
  join(connection: Connection): void {
    const participantId = connection.verifiedParticipant;
    if (participantId === null) return;
    void this.bus.countPresent(this.boardId, participantId, connection.role, 1);
    connection.onClose(() => void this.bus.countPresent(this.boardId, participantId, connection.role, -1));
  }

  unload(): void {
    this.bus.leave(this.boardId);
  }
}

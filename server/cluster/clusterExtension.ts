// The fan-out of one board to the other relays of a cluster, through the room's hooks:
// what this relay stored goes on the bus with its number in the log, and so does its
// people's presence and the workshop notices for participants on other relays; what the
// others publish comes back into this room. The record is PostgreSQL: the room catches
// up from it when the bus lost something (docs/scaling.md).
import type { RoomPresence } from '../relay/presence.ts';
import type { RoomExtension, StoredUpdate } from '../relay/roomExtension.ts';
import type { RedisBus } from './redisBus.ts';

/** What the extension may do to its room. */
export interface ClusteredRoom {
  applyStored(seq: number, update: Uint8Array): void;
  presence: RoomPresence;
  deliverNotice(participantId: string, message: Uint8Array): void;
  closeParticipant(participantId: string): void;
}

export class ClusterExtension implements RoomExtension {
  constructor(
    private readonly boardId: string,
    private readonly bus: RedisBus,
    room: ClusteredRoom,
  ) {
    void bus.join(boardId, {
      update: (seq, update) => room.applyStored(seq, update),
      awareness: (update, fromRelay) => room.presence.receiveRemote(update, fromRelay),
      notice: (participantId, message) => room.deliverNotice(participantId, message),
      participantRemoved: (participantId) => room.closeParticipant(participantId),
    });
  }

  stored({ update, seq }: StoredUpdate): void {
    this.bus.publishUpdate(this.boardId, seq, update);
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

  unload(): void {
    this.bus.leave(this.boardId);
  }
}

// The facilitator's "remove a participant": their positions and record leave the board,
// their sealed answers and private notes leave the relay, their tabs are closed, and
// their id may not join again (one person, one voice: docs/security.md). A room extension
// on the workshop channel.
import type * as Y from 'yjs';
import { removeParticipant } from '../../shared/model.ts';
import { encodeWorkshopNotice, type WorkshopRequest } from '../../shared/workshopMessages.ts';
import type { Connection } from '../relay/connection.ts';
import type { RoomExtension } from '../relay/roomExtension.ts';
import type { RoundKeeper } from '../rounds/roundKeeper.ts';
import type { Roster } from './roster.ts';

/** The relay's own writes carry no origin (see RoundKeeper). */
const RELAY = null;

export class Membership implements RoomExtension {
  constructor(
    private readonly doc: Y.Doc,
    private readonly roster: Roster,
    private readonly keeper: RoundKeeper,
    private readonly closeParticipant: (participantId: string) => void,
  ) {}

  workshop(connection: Connection, request: WorkshopRequest): boolean {
    if (request.kind !== 'removeParticipant') return false;
    if (connection.role !== 'facilitate') {
      connection.send(encodeWorkshopNotice({ kind: 'refused', reason: 'Only the facilitator can remove a participant.', comment: null }));
      return true;
    }
    if (request.participantId === connection.verifiedParticipant) {
      connection.send(encodeWorkshopNotice({ kind: 'refused', reason: 'You cannot remove yourself from the board.', comment: null }));
      return true;
    }
    this.roster.remove(request.participantId);
    this.keeper.forget(request.participantId);
    removeParticipant(this.doc, request.participantId, RELAY);
    this.closeParticipant(request.participantId);
    return true;
  }
}

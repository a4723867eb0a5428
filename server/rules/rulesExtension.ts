// The room's judge: every update from a browser is decided here before the room applies
// it (decideUpdate.ts, by the table in shared/boardRules.ts, within the board's size), as
// the verified participant the roster says the connection is; and the Yjs client ids an
// accepted update wrote under become that participant's.
import type * as Y from 'yjs';
import type { Roster } from '../access/roster.ts';
import type { RelayLimits } from '../limits/relayLimits.ts';
import { BoardGuard } from '../limits/boardGuard.ts';
import type { Connection } from '../relay/connection.ts';
import type { AcceptedUpdate, RoomExtension } from '../relay/roomExtension.ts';
import { decideUpdate, type UpdateDecision } from './decideUpdate.ts';

export class RulesExtension implements RoomExtension {
  private readonly guard: BoardGuard;
  /** The client ids of the update just decided, claimed once the room has applied it. */
  private decided: { connection: Connection; clients: Set<number> } | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly roster: Roster,
    private readonly limits: RelayLimits,
    loadedBytes: number,
  ) {
    this.guard = new BoardGuard(doc, limits.maxBoardBytes, loadedBytes);
  }

  beforeApply(connection: Connection, update: Uint8Array): UpdateDecision {
    const participantId = connection.verifiedParticipant;
    const decision = decideUpdate(this.doc, update, {
      actor: { role: connection.role, participantId },
      ownerOf: (client) => this.roster.ownerOf(client, participantId),
      maxBeliefsPerBoard: this.limits.maxBeliefsPerBoard,
      maxBeliefText: this.limits.maxBeliefText,
      fits: (bytes) => this.guard.fits(bytes),
    });
    this.decided = decision.kind === 'apply' ? { connection, clients: decision.clients } : null;
    return decision;
  }

  accepted({ update, from }: AcceptedUpdate): void {
    this.guard.accepted(update.length);
    if (from === null || this.decided?.connection !== from) return;
    const participantId = from.verifiedParticipant;
    if (participantId !== null) this.roster.claim(this.decided.clients, participantId);
    this.decided = null;
  }
}

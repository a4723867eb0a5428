// A snapshot → a new board document, built through the model like any other board.
import * as Y from 'yjs';
import { addBelief, createBoard, setPosition, upsertParticipant } from '../model.ts';
import type { BoardSnapshot } from './format.ts';

/** The snapshot cannot become a board on this server; the message says why, to the user. */
export class SnapshotImportError extends Error {}

/**
 * A NEW document equal to the snapshot in everything the format holds. The snapshot must
 * come from parseSnapshot, which has checked every field and limit, so building cannot
 * stop half-way.
 */
export function docFromSnapshot(snapshot: BoardSnapshot, origin: unknown = 'import'): Y.Doc {
  if (snapshot.rounds.length > 0) {
    // Boards do not keep rounds yet; importing without them would quietly lose them.
    throw new SnapshotImportError(
      `This snapshot holds ${snapshot.rounds.length} round(s), and this Beliefmap cannot keep rounds yet. Export it again without rounds, or import it into a newer Beliefmap.`,
    );
  }
  const doc = new Y.Doc();
  // One transaction: the board's first state is a single update.
  doc.transact(() => {
    createBoard(doc, { title: snapshot.title, template: snapshot.template, createdAt: snapshot.createdAt }, origin);
    for (const participant of snapshot.participants) upsertParticipant(doc, participant, origin);
    for (const belief of snapshot.beliefs) addBelief(doc, belief, origin);
    for (const position of snapshot.positions) setPosition(doc, position.beliefId, position.participantId, position, origin);
  }, origin);
  return doc;
}

// A snapshot → a new board document, built through the model like any other board.
import * as Y from 'yjs';
import { addAction } from '../beliefActions.ts';
import { importComment } from '../comments.ts';
import { addBelief, createBoard, setPosition, upsertParticipant } from '../model.ts';
import { recordRound } from '../workshop.ts';
import type { BoardSnapshot } from './format.ts';

/**
 * A NEW document equal to the snapshot in everything the format holds. The snapshot must
 * come from parseSnapshot, which has checked every field and limit, so building cannot
 * stop half-way.
 */
export function docFromSnapshot(snapshot: BoardSnapshot, origin: unknown = 'import'): Y.Doc {
  const doc = new Y.Doc();
  // One transaction: the board's first state is a single update.
  doc.transact(() => {
    createBoard(doc, { title: snapshot.title, template: snapshot.template, createdAt: snapshot.createdAt }, origin);
    for (const participant of snapshot.participants) upsertParticipant(doc, participant, origin);
    for (const belief of snapshot.beliefs) addBelief(doc, belief, origin);
    for (const position of snapshot.positions) setPosition(doc, position.beliefId, position.participantId, position, origin);
    for (const round of snapshot.rounds) recordRound(doc, round, origin);
    for (const comment of snapshot.comments) importComment(doc, comment, origin);
    for (const action of snapshot.actions) addAction(doc, action, origin);
  }, origin);
  return doc;
}

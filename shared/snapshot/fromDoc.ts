// A board document → its JSON snapshot. Read through the model only, so the snapshot
// holds what the board shows: no orphaned or malformed positions.
import type * as Y from 'yjs';
import { listBeliefs, listPositions, readBoardMeta, readParticipants } from '../model.ts';
import { readRoundHistory } from '../workshop.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type BoardSnapshot } from './format.ts';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The board as a snapshot taken at `now`. Everything is in a fixed order (beliefs in board
 * order, participants by id, positions by belief then participant), so the same board
 * always gives the same file.
 */
export function snapshotFromDoc(doc: Y.Doc, { now }: { now: number }): BoardSnapshot {
  const meta = readBoardMeta(doc);
  const beliefs = listBeliefs(doc);
  const order = new Map(beliefs.map((belief, index) => [belief.id, index]));
  const positions = listPositions(doc)
    .sort((a, b) => order.get(a.beliefId)! - order.get(b.beliefId)! || byText(a.participantId, b.participantId))
    .map(({ beliefId, participantId, agreement, direction, updatedAt }) => ({
      beliefId,
      participantId,
      agreement,
      direction,
      // The one field readers do not check; a foreign peer's bad time must not make the file unreadable.
      updatedAt: Number.isFinite(updatedAt) ? updatedAt : 0,
    }));
  const participants = Array.from(readParticipants(doc), ([id, { name, color }]) => ({ id, name, color })).sort((a, b) =>
    byText(a.id, b.id),
  );
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    title: meta.title,
    template: meta.template,
    createdAt: meta.createdAt,
    exportedAt: now,
    beliefs: beliefs.map(({ id, text, x, y, color, authorId, createdAt }) => ({ id, text, x, y, color, authorId, createdAt })),
    participants,
    positions,
    // Revealed rounds only: sealed answers are never in the document, so never exported.
    // A round on "every belief" lists the beliefs on the board now; like positions, a
    // round keeps only beliefs that still exist.
    rounds: readRoundHistory(doc).map((round) => ({
      number: round.number,
      startedAt: round.startedAt,
      revealedAt: round.revealedAt,
      beliefIds: (round.beliefIds ?? beliefs.map((belief) => belief.id)).filter((id) => order.has(id)),
      positions: round.positions
        .filter((position) => order.has(position.beliefId) && (round.beliefIds === null || round.beliefIds.includes(position.beliefId)))
        .map(({ beliefId, participantId, agreement, direction, updatedAt }) => ({ beliefId, participantId, agreement, direction, updatedAt })),
    })),
  };
}

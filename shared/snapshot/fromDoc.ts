// A board document → its JSON snapshot. Whatever the document holds, the snapshot is one
// the importer accepts (parse.ts checks every field and limit): a value the format cannot
// hold is repaired the way the board itself shows it, or left out when there is nothing
// to repair it to. docs/snapshot-format.md lists each case.
import type * as Y from 'yjs';
import { isAnonymous, isPseudonym, mayShowDistribution, pseudonymName, pseudonymNumber, readAnonymity } from '../anonymity.ts';
import { listActions } from '../beliefActions.ts';
import { commentText, listComments } from '../comments.ts';
import { DEFAULT_NOTE_COLOR, isNoteColor, isParticipantColor, pickParticipantColor } from '../colors.ts';
import { isItemId } from '../ids.ts';
import {
  MAX_BELIEF_TEXT,
  MAX_BELIEFS_PER_BOARD,
  MAX_BOARD_TITLE,
  MAX_DISPLAY_NAME,
  MAX_SNAPSHOT_ACTIONS,
  MAX_SNAPSHOT_COMMENTS,
  MAX_SNAPSHOT_PARTICIPANTS,
  MAX_SNAPSHOT_ROUNDS,
} from '../limits.ts';
import { compareBeliefs, listBeliefs, readBoardMeta, readParticipants } from '../model.ts';
import { clampedText, finiteNumber, trimmedText, validTime } from '../repairValues.ts';
import { parsePositionKey, positionKey, positionsMap, readStoredPosition } from '../schema.ts';
import { readRoundHistory } from '../workshop.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type BoardSnapshot,
  type SnapshotAction,
  type SnapshotBelief,
  type SnapshotComment,
  type SnapshotParticipant,
  type SnapshotPosition,
} from './format.ts';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Beliefs in board order (by their repaired times, so an imported copy sorts the same),
 * at most MAX_BELIEFS_PER_BOARD. A belief whose id is not an item id is left out: the
 * model never makes one, and its positions could not be told from another belief's.
 */
function snapshotBeliefs(doc: Y.Doc): SnapshotBelief[] {
  return listBeliefs(doc)
    .filter((belief) => isItemId(belief.id))
    .map(({ id, text, x, y, color, authorId, createdAt }) => ({
      id,
      text: clampedText(text, MAX_BELIEF_TEXT),
      x: finiteNumber(x),
      y: finiteNumber(y),
      color: isNoteColor(color) ? color : DEFAULT_NOTE_COLOR,
      authorId: isItemId(authorId) ? authorId : '',
      createdAt: validTime(createdAt),
    }))
    .sort(compareBeliefs)
    .slice(0, MAX_BELIEFS_PER_BOARD);
}

/** Participants by id, at most MAX_SNAPSHOT_PARTICIPANTS; a colour that is not "#rrggbb" is the one the id picks. */
function snapshotParticipants(doc: Y.Doc): SnapshotParticipant[] {
  return Array.from(readParticipants(doc), ([id, { name, color }]) => ({
    id,
    name: trimmedText(name, MAX_DISPLAY_NAME),
    color: isParticipantColor(color) ? color : pickParticipantColor(id),
  }))
    .filter((participant) => isItemId(participant.id))
    .sort((a, b) => byText(a.id, b.id))
    .slice(0, MAX_SNAPSHOT_PARTICIPANTS);
}

/**
 * Well-formed positions on the given beliefs, by belief order then participant, at most
 * `max`. Read from the map itself rather than through listPositions, so a record's fields
 * are read exactly as the board's figures read them.
 */
function snapshotPositions(doc: Y.Doc, order: ReadonlyMap<string, number>, max: number): SnapshotPosition[] {
  const positions: SnapshotPosition[] = [];
  positionsMap(doc).forEach((value, key) => {
    const parsed = parsePositionKey(key);
    const record = readStoredPosition(value);
    if (!parsed || !order.has(parsed.beliefId) || !isItemId(parsed.participantId) || !record) return;
    positions.push({
      beliefId: parsed.beliefId,
      participantId: parsed.participantId,
      agreement: record.agreement,
      direction: record.direction,
      updatedAt: validTime(record.updatedAt),
    });
  });
  return positions
    .sort((a, b) => order.get(a.beliefId)! - order.get(b.beliefId)! || byText(a.participantId, b.participantId))
    .slice(0, max);
}

export interface SnapshotOptions {
  now: number;
  /**
   * Whose each pseudonym is (pseudonym → participant id): only a facilitator's export under
   * "anonymous to participants" has it. Without it, answers under a pseudonym stay under it,
   * named "Person 3" (docs/groups.md).
   */
  answerers?: ReadonlyMap<string, string>;
}

/**
 * Comments on beliefs in the snapshot, the latest MAX_SNAPSHOT_COMMENTS, oldest first. A
 * reply whose thread is not in the snapshot becomes a comment of its own (as the board
 * shows it, under "comment deleted"), so the importer never meets a thread it lacks.
 */
function snapshotComments(doc: Y.Doc, order: ReadonlyMap<string, number>): SnapshotComment[] {
  const kept = listComments(doc)
    .map((comment) => ({ ...comment, text: commentText(comment.text) }))
    // The importer, like the model, posts no empty comment.
    .filter((comment) => order.has(comment.beliefId) && isItemId(comment.id) && isItemId(comment.authorId) && comment.text !== '')
    .slice(-MAX_SNAPSHOT_COMMENTS);
  const roots = new Set(kept.filter((comment) => comment.parentId === null).map((comment) => comment.id));
  return kept.map(({ id, beliefId, authorId, parentId, text, mentions, createdAt, editedAt, hidden }) => ({
    id,
    beliefId,
    authorId,
    parentId: parentId !== null && roots.has(parentId) ? parentId : null,
    text,
    mentions,
    createdAt,
    editedAt,
    // A hide stays a hide even when who made it cannot be read: its text must not come back into view.
    hidden: hidden ? { by: isItemId(hidden.by) ? hidden.by : 'unknown', at: hidden.at } : null,
  }));
}

/** Actions on beliefs in the snapshot, the latest MAX_SNAPSHOT_ACTIONS, oldest first. */
function snapshotActions(doc: Y.Doc, order: ReadonlyMap<string, number>): SnapshotAction[] {
  return listActions(doc)
    .map((action) => ({ ...action, text: action.text.trim(), ownerName: action.ownerName.trim() }))
    .filter((action) => order.has(action.beliefId) && isItemId(action.id) && isItemId(action.authorId) && action.text !== '')
    .slice(-MAX_SNAPSHOT_ACTIONS)
    .map(({ id, beliefId, text, ownerId, ownerName, due, status, authorId, createdAt, updatedAt }) => ({
      id,
      beliefId,
      text,
      ownerId,
      ownerName,
      due,
      status,
      authorId,
      createdAt,
      updatedAt: Math.max(updatedAt, createdAt),
    }));
}

/**
 * The board as a snapshot taken at `now`. Everything is in a fixed order (beliefs in board
 * order, participants by id, positions by belief then participant), so the same board
 * always gives the same file. Under an anonymous level, the answers of a belief with fewer
 * than the minimum number are left out, as the board withholds its distribution.
 */
export function snapshotFromDoc(doc: Y.Doc, options: SnapshotOptions): BoardSnapshot {
  const snapshot = plainSnapshot(doc, options.now);
  const settings = readAnonymity(doc);
  const answerers = settings.level === 'participants' ? options.answerers : undefined;
  const shownAs = (id: string) => (answerers && isPseudonym(id) ? (answerers.get(id) ?? id) : id);
  const counts = new Map<string, number>();
  for (const { beliefId } of snapshot.positions) counts.set(beliefId, (counts.get(beliefId) ?? 0) + 1);
  const shown = (beliefId: string) => !isAnonymous(settings.level) || mayShowDistribution(settings, counts.get(beliefId) ?? 0);
  const positions = snapshot.positions.filter(({ beliefId }) => shown(beliefId)).map((position) => ({ ...position, participantId: shownAs(position.participantId) }));
  const rounds = snapshot.rounds.map((round) => ({ ...round, positions: round.positions.map((position) => ({ ...position, participantId: shownAs(position.participantId) })) }));
  // Comments follow the answers: under their pseudonym, named only where the answers are.
  const comments = snapshot.comments.map((comment) => ({ ...comment, authorId: shownAs(comment.authorId) }));
  // Whoever is left under a pseudonym is "Person 3" wherever the exports name people.
  const known = new Set(snapshot.participants.map(({ id }) => id));
  const persons = new Set<string>();
  for (const id of [...[...positions, ...rounds.flatMap((round) => round.positions)].map(({ participantId }) => participantId), ...comments.map(({ authorId }) => authorId)]) {
    if (isPseudonym(id) && !known.has(id)) persons.add(id);
  }
  const people = Array.from(persons, (id) => ({ id, name: pseudonymName(id)!, color: pickParticipantColor(String(pseudonymNumber(id))) }));
  const participants = [...snapshot.participants, ...people].sort((a, b) => byText(a.id, b.id)).slice(0, MAX_SNAPSHOT_PARTICIPANTS);
  const byParticipant = (a: SnapshotPosition, b: SnapshotPosition) => byText(a.participantId, b.participantId);
  const beliefOrder = new Map(snapshot.beliefs.map((belief, index) => [belief.id, index]));
  const byBelief = (a: SnapshotPosition, b: SnapshotPosition) => beliefOrder.get(a.beliefId)! - beliefOrder.get(b.beliefId)! || byParticipant(a, b);
  return { ...snapshot, participants, positions: positions.sort(byBelief), rounds, comments };
}

function plainSnapshot(doc: Y.Doc, now: number): BoardSnapshot {
  const meta = readBoardMeta(doc);
  const beliefs = snapshotBeliefs(doc);
  const order = new Map(beliefs.map((belief, index) => [belief.id, index]));
  // At most one position per belief × participant, as the importer counts them.
  const maxPositions = beliefs.length * MAX_SNAPSHOT_PARTICIPANTS;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    title: trimmedText(meta.title, MAX_BOARD_TITLE),
    template: meta.template,
    createdAt: validTime(meta.createdAt),
    exportedAt: now,
    beliefs,
    participants: snapshotParticipants(doc),
    positions: snapshotPositions(doc, order, maxPositions),
    // Revealed rounds only (sealed answers are never in the document), the latest
    // MAX_SNAPSHOT_ROUNDS. A round on "every belief" lists the beliefs on the board now;
    // like positions, a round keeps only beliefs that are in the snapshot, and one
    // position per belief × participant.
    rounds: readRoundHistory(doc)
      .slice(-MAX_SNAPSHOT_ROUNDS)
      .map((round) => {
        const asked = new Set((round.beliefIds ?? beliefs.map((belief) => belief.id)).filter((id) => order.has(id)));
        const seen = new Set<string>();
        const positions = round.positions.filter((position) => {
          const key = positionKey(position.beliefId, position.participantId);
          if (!asked.has(position.beliefId) || !isItemId(position.participantId) || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        return {
          number: round.number,
          startedAt: round.startedAt,
          revealedAt: round.revealedAt,
          beliefIds: [...asked],
          positions: positions
            .slice(0, maxPositions)
            .map(({ beliefId, participantId, agreement, direction, updatedAt }) => ({ beliefId, participantId, agreement, direction, updatedAt })),
        };
      }),
    comments: snapshotComments(doc, order),
    actions: snapshotActions(doc, order),
  };
}

// Reads an untrusted JSON value as a snapshot: upgrades an older version, then checks every
// field and every limit, and either returns a clean snapshot (holding only the fields the
// format knows) or one sentence naming the first thing that is wrong, such as
// "beliefs[3].text is not text". Nothing is built from a file until it has passed.
import { isActionStatus, isDueDate } from '../beliefActions.ts';
import { isNoteColor, isParticipantColor, NOTE_COLORS } from '../colors.ts';
import { isItemId } from '../ids.ts';
import {
  MAX_ACTION_TEXT,
  MAX_BELIEF_TEXT,
  MAX_BELIEFS_PER_BOARD,
  MAX_BOARD_TITLE,
  MAX_COMMENT_MENTIONS,
  MAX_COMMENT_TEXT,
  MAX_DISPLAY_NAME,
  MAX_SNAPSHOT_ACTIONS,
  MAX_SNAPSHOT_COMMENTS,
  MAX_SNAPSHOT_PARTICIPANTS,
  MAX_SNAPSHOT_ROUNDS,
} from '../limits.ts';
import { isScalePoint, isTemplate, positionKey, TEMPLATES, type ScalePoint } from '../schema.ts';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type BoardSnapshot,
  type SnapshotAction,
  type SnapshotBelief,
  type SnapshotComment,
  type SnapshotParticipant,
  type SnapshotPosition,
  type SnapshotRound,
} from './format.ts';
import { migrateSnapshot } from './migrations.ts';

export type ParsedSnapshot = { ok: true; snapshot: BoardSnapshot } | { ok: false; error: string };

/** Thrown inside the reader with a sentence for the user; caught once, in parseSnapshot. */
class Invalid extends Error {}

function fail(path: string, problem: string): never {
  throw new Invalid(`${path} ${problem}.`);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'is not an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(path, 'is not a list');
  if (value.length > max) fail(path, `holds ${value.length} entries; at most ${max} are allowed`);
  return value;
}

function text(value: unknown, path: string, maxCharacters: number): string {
  if (typeof value !== 'string') fail(path, 'is not text');
  // Counted in code points, as the model clamps them, so an emoji counts once.
  const length = Array.from(value).length;
  if (length > maxCharacters) fail(path, `is ${length} characters long; at most ${maxCharacters} are allowed`);
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'is not a number');
  return value;
}

function itemId(value: unknown, path: string): string {
  if (!isItemId(value)) fail(path, 'is not an id (1 to 64 letters, digits, "-" or "_")');
  return value;
}

function agreement(value: unknown, path: string): ScalePoint | 'pass' {
  if (value !== 'pass' && !isScalePoint(value)) fail(path, 'must be -2, -1, 0, 1, 2 or "pass"');
  return value;
}

function direction(value: unknown, path: string): ScalePoint | null {
  if (value !== null && !isScalePoint(value)) fail(path, 'must be -2, -1, 0, 1, 2 or null');
  return value;
}

function unique(seen: Set<string>, key: string, path: string, what: string): void {
  if (seen.has(key)) fail(path, `repeats ${what}`);
  seen.add(key);
}

function readBelief(value: unknown, path: string): SnapshotBelief {
  const belief = object(value, path);
  // Fields are checked in the order the file lists them, so the first mistake is named.
  const id = itemId(belief.id, `${path}.id`);
  const beliefText = text(belief.text, `${path}.text`, MAX_BELIEF_TEXT);
  const x = finite(belief.x, `${path}.x`);
  const y = finite(belief.y, `${path}.y`);
  const color = belief.color;
  if (!isNoteColor(color)) fail(`${path}.color`, `must be one of ${NOTE_COLORS.map((c) => c.id).join(', ')}`);
  const authorId = belief.authorId;
  if (authorId !== '' && !isItemId(authorId)) fail(`${path}.authorId`, 'is not an id or ""');
  return { id, text: beliefText, x, y, color, authorId, createdAt: finite(belief.createdAt, `${path}.createdAt`) };
}

function readParticipant(value: unknown, path: string): SnapshotParticipant {
  const participant = object(value, path);
  const id = itemId(participant.id, `${path}.id`);
  const name = text(participant.name, `${path}.name`, MAX_DISPLAY_NAME);
  const color = participant.color;
  if (!isParticipantColor(color)) fail(`${path}.color`, 'is not a colour like "#1971c2"');
  return { id, name, color };
}

/** Positions on the given beliefs, at most one per belief × participant. */
function readPositions(value: unknown, path: string, beliefIds: ReadonlySet<string>, max: number): SnapshotPosition[] {
  const seen = new Set<string>();
  return array(value, path, max).map((entry, index) => {
    const at = `${path}[${index}]`;
    const position = object(entry, at);
    const beliefId = itemId(position.beliefId, `${at}.beliefId`);
    if (!beliefIds.has(beliefId)) fail(`${at}.beliefId`, `names the belief "${beliefId}", which is not in this snapshot`);
    const participantId = itemId(position.participantId, `${at}.participantId`);
    unique(seen, positionKey(beliefId, participantId), at, 'a position of the same participant on the same belief');
    return {
      beliefId,
      participantId,
      agreement: agreement(position.agreement, `${at}.agreement`),
      direction: direction(position.direction, `${at}.direction`),
      updatedAt: finite(position.updatedAt, `${at}.updatedAt`),
    };
  });
}

function readRounds(value: unknown, maxPositions: number): SnapshotRound[] {
  let previous = 0;
  return array(value, 'rounds', MAX_SNAPSHOT_ROUNDS).map((entry, index) => {
    const at = `rounds[${index}]`;
    const round = object(entry, at);
    const number = round.number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number <= previous) {
      fail(`${at}.number`, `must be a whole number greater than ${previous}`);
    }
    previous = number;
    const seen = new Set<string>();
    const beliefIds = array(round.beliefIds, `${at}.beliefIds`, MAX_BELIEFS_PER_BOARD).map((id, i) => {
      const checked = itemId(id, `${at}.beliefIds[${i}]`);
      unique(seen, checked, `${at}.beliefIds[${i}]`, 'a belief');
      return checked;
    });
    return {
      number,
      startedAt: finite(round.startedAt, `${at}.startedAt`),
      revealedAt: finite(round.revealedAt, `${at}.revealedAt`),
      beliefIds,
      positions: readPositions(round.positions, `${at}.positions`, seen, maxPositions),
    };
  });
}

function wordsText(value: unknown, path: string, maxCharacters: number): string {
  const checked = text(value, path, maxCharacters);
  if (checked.trim() === '') fail(path, 'is empty');
  return checked;
}

function readComments(value: unknown, beliefIds: ReadonlySet<string>): SnapshotComment[] {
  const seen = new Set<string>();
  const roots = new Set<string>();
  return array(value, 'comments', MAX_SNAPSHOT_COMMENTS).map((entry, index) => {
    const at = `comments[${index}]`;
    const comment = object(entry, at);
    const id = itemId(comment.id, `${at}.id`);
    unique(seen, id, `${at}.id`, 'the id of an earlier comment');
    const beliefId = itemId(comment.beliefId, `${at}.beliefId`);
    if (!beliefIds.has(beliefId)) fail(`${at}.beliefId`, `names the belief "${beliefId}", which is not in this snapshot`);
    const authorId = itemId(comment.authorId, `${at}.authorId`);
    const parentId = comment.parentId === null ? null : itemId(comment.parentId, `${at}.parentId`);
    // Replies come after the comment they answer, which is a top-level one.
    if (parentId !== null && !roots.has(parentId)) fail(`${at}.parentId`, 'names no earlier top-level comment');
    if (parentId === null) roots.add(id);
    const commentText = wordsText(comment.text, `${at}.text`, MAX_COMMENT_TEXT);
    const mentions = array(comment.mentions, `${at}.mentions`, MAX_COMMENT_MENTIONS).map((mention, i) => itemId(mention, `${at}.mentions[${i}]`));
    const createdAt = finite(comment.createdAt, `${at}.createdAt`);
    const editedAt = comment.editedAt === null ? null : finite(comment.editedAt, `${at}.editedAt`);
    let hidden: SnapshotComment['hidden'] = null;
    if (comment.hidden !== null) {
      const hide = object(comment.hidden, `${at}.hidden`);
      hidden = { by: itemId(hide.by, `${at}.hidden.by`), at: finite(hide.at, `${at}.hidden.at`) };
    }
    return { id, beliefId, authorId, parentId, text: commentText, mentions: [...new Set(mentions)], createdAt, editedAt, hidden };
  });
}

function readActions(value: unknown, beliefIds: ReadonlySet<string>): SnapshotAction[] {
  const seen = new Set<string>();
  return array(value, 'actions', MAX_SNAPSHOT_ACTIONS).map((entry, index) => {
    const at = `actions[${index}]`;
    const action = object(entry, at);
    const id = itemId(action.id, `${at}.id`);
    unique(seen, id, `${at}.id`, 'the id of an earlier action');
    const beliefId = itemId(action.beliefId, `${at}.beliefId`);
    if (!beliefIds.has(beliefId)) fail(`${at}.beliefId`, `names the belief "${beliefId}", which is not in this snapshot`);
    const actionText = wordsText(action.text, `${at}.text`, MAX_ACTION_TEXT);
    const ownerId = action.ownerId === null ? null : itemId(action.ownerId, `${at}.ownerId`);
    const ownerName = text(action.ownerName, `${at}.ownerName`, MAX_DISPLAY_NAME);
    if (ownerId !== null && ownerName !== '') fail(`${at}.ownerName`, 'must be "" when ownerId names a participant');
    const due = action.due;
    if (due !== null && !isDueDate(due)) fail(`${at}.due`, 'must be a date written "YYYY-MM-DD", or null');
    const status = action.status;
    if (!isActionStatus(status)) fail(`${at}.status`, 'must be "open" or "done"');
    return {
      id,
      beliefId,
      text: actionText,
      ownerId,
      ownerName,
      due,
      status,
      authorId: itemId(action.authorId, `${at}.authorId`),
      createdAt: finite(action.createdAt, `${at}.createdAt`),
      updatedAt: finite(action.updatedAt, `${at}.updatedAt`),
    };
  });
}

function readSnapshot(file: Record<string, unknown>): BoardSnapshot {
  const template = file.template;
  if (!isTemplate(template)) fail('template', `must be one of ${TEMPLATES.join(', ')}`);

  const beliefIds = new Set<string>();
  const beliefs = array(file.beliefs, 'beliefs', MAX_BELIEFS_PER_BOARD).map((entry, index) => {
    const belief = readBelief(entry, `beliefs[${index}]`);
    unique(beliefIds, belief.id, `beliefs[${index}].id`, 'the id of an earlier belief');
    return belief;
  });
  const participantIds = new Set<string>();
  const participants = array(file.participants, 'participants', MAX_SNAPSHOT_PARTICIPANTS).map((entry, index) => {
    const participant = readParticipant(entry, `participants[${index}]`);
    unique(participantIds, participant.id, `participants[${index}].id`, 'the id of an earlier participant');
    return participant;
  });
  // At most one position per belief × participant.
  const maxPositions = beliefs.length * MAX_SNAPSHOT_PARTICIPANTS;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    title: text(file.title, 'title', MAX_BOARD_TITLE),
    template,
    createdAt: finite(file.createdAt, 'createdAt'),
    exportedAt: finite(file.exportedAt, 'exportedAt'),
    beliefs,
    participants,
    positions: readPositions(file.positions, 'positions', beliefIds, maxPositions),
    rounds: readRounds(file.rounds, maxPositions),
    comments: readComments(file.comments, beliefIds),
    actions: readActions(file.actions, beliefIds),
  };
}

export function parseSnapshot(json: unknown): ParsedSnapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    return { ok: false, error: `This is not a Beliefmap snapshot: its "format" must be "${SNAPSHOT_FORMAT}".` };
  }
  const upgraded = migrateSnapshot(json as Record<string, unknown>);
  if (!upgraded.ok) return upgraded;
  try {
    return { ok: true, snapshot: readSnapshot(upgraded.snapshot) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: `This snapshot cannot be imported: ${error.message}` };
    throw error;
  }
}

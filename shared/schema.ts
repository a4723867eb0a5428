// The board document's shape: its root types, their records and the schema version.
// This file and model.ts are the only code that knows how a board is laid out in Yjs.
import * as Y from 'yjs';

/**
 * Version of the document layout. Bump it with a step in migrations.ts whenever the
 * layout changes, so boards and snapshots written by older code are upgraded on load.
 */
export const SCHEMA_VERSION = 3;

export const TEMPLATES = ['blank', 'belief-map'] as const;
export type Template = (typeof TEMPLATES)[number];

/** Agreement and direction share Cutler's five-point scale; `pass` is not a number. */
export const SCALE = [-2, -1, 0, 1, 2] as const;
export type ScalePoint = (typeof SCALE)[number];

/**
 * Root types of a board document:
 * - `meta` Y.Map: schemaVersion, title, template, createdAt.
 * - `beliefs` Y.Map<beliefId, Y.Map>: each belief holds `text` (Y.Text, so two people
 *   typing in one note keep both their words), x, y, color, authorId, createdAt.
 * - `positions` Y.Map<"beliefId:participantId", PositionRecord>: one flat entry per belief ×
 *   participant, so two people recording their first position at once never collide.
 * - `participants` Y.Map<participantId, ParticipantRecord>: names and colours, kept after
 *   people leave so positions and exports still have a name.
 * - `workshop` and `rounds`: the facilitated workshop (shared/workshop.ts).
 * Version 2: a deleted belief stays in `beliefs` with `deletedAt` and `deletedBy` set, so its
 * author or a facilitator can restore it with its positions ("Recently deleted").
 * Version 3: the discussion and the actions — `comments` Y.Map<commentId, CommentRecord>,
 * `hiddenComments` Y.Map<commentId, {by, at}> (the facilitator's, apart from the comment so
 * an author's edit and a hide made at once both stay), `actions` Y.Map<actionId,
 * ActionRecord> (shared/comments.ts, shared/beliefActions.ts).
 * Positions may also be stored as the tuple [agreement, direction, updatedAt]
 * (PositionTuple): every reader and the relay's rules take both shapes, and writers still
 * write the object. Stored as tuples, the 60,000 positions of 2,000 beliefs × 30 people
 * take 29 % fewer bytes and a browser's first apply of them about a quarter less time
 * (docs/performance.md); writers switch to the tuple, with schema version 4, in a later
 * release, once no open tab runs code that reads only the object — such a tab would read
 * every new answer as malformed, and the relay cannot tell it from a stock y-websocket
 * client, which it serves on purpose.
 */
export const ROOT = {
  meta: 'meta',
  beliefs: 'beliefs',
  positions: 'positions',
  participants: 'participants',
  workshop: 'workshop',
  rounds: 'rounds',
  comments: 'comments',
  hiddenComments: 'hiddenComments',
  actions: 'actions',
} as const;

/** Every root type a board has; the relay refuses anything written anywhere else. */
export const BOARD_ROOTS: readonly string[] = Object.values(ROOT);

export interface BoardMeta {
  schemaVersion: number;
  title: string;
  template: Template;
  createdAt: number;
}

/** A belief as plain data, read from its Y.Map. */
export interface Belief {
  id: string;
  text: string;
  x: number;
  y: number;
  color: string;
  authorId: string;
  createdAt: number;
  /** When it was deleted (it waits in "Recently deleted"), or null while it is on the board. */
  deletedAt: number | null;
  /** Who deleted it, or null. */
  deletedBy: string | null;
}

export interface PositionRecord {
  /** −2 strongly disagree … +2 strongly agree, or 'pass'. */
  agreement: ScalePoint | 'pass';
  /** −2 challenge/shift … +2 maintain/support; null when not given. */
  direction: ScalePoint | null;
  updatedAt: number;
}

export interface ParticipantRecord {
  name: string;
  color: string;
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.meta);
}
export function beliefsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ROOT.beliefs);
}
/** Values are PositionRecord or PositionTuple (see ROOT): read them with readStoredPosition. */
export function positionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.positions);
}
export function participantsMap(doc: Y.Doc): Y.Map<ParticipantRecord> {
  return doc.getMap(ROOT.participants);
}

export function positionKey(beliefId: string, participantId: string): string {
  return `${beliefId}:${participantId}`;
}

export function parsePositionKey(key: string): { beliefId: string; participantId: string } | null {
  const at = key.indexOf(':');
  if (at <= 0 || at === key.length - 1) return null;
  return { beliefId: key.slice(0, at), participantId: key.slice(at + 1) };
}

export function isScalePoint(value: unknown): value is ScalePoint {
  return typeof value === 'number' && (SCALE as readonly number[]).includes(value);
}

// A peer running other code could write anything under a position key; readers treat a
// malformed entry as no position rather than let it poison a belief's figures.
export function isPositionRecord(value: unknown): value is PositionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { agreement, direction } = value as Partial<PositionRecord>;
  return (agreement === 'pass' || isScalePoint(agreement)) && (direction === null || isScalePoint(direction));
}

/** A position as writers will keep it from schema version 4; readers take it already. */
export type PositionTuple = [agreement: ScalePoint | 'pass', direction: ScalePoint | null, updatedAt: number];

export function positionTuple({ agreement, direction, updatedAt }: PositionRecord): PositionTuple {
  return [agreement, direction, updatedAt];
}

/**
 * A position as read from the document, in either shape it may hold (the object, or the
 * tuple), or null when the entry is neither — a peer running other code could write
 * anything there. A well-formed object is returned as it is: the figures of a big board
 * read 60,000 of them on opening.
 */
export function readStoredPosition(value: unknown): PositionRecord | null {
  if (Array.isArray(value)) {
    if (value.length !== 3) return null;
    const [agreement, direction, updatedAt] = value as unknown[];
    const record = { agreement, direction, updatedAt: typeof updatedAt === 'number' ? updatedAt : 0 };
    return isPositionRecord(record) ? record : null;
  }
  if (!isPositionRecord(value)) return null;
  if (typeof value.updatedAt === 'number') return value;
  return { agreement: value.agreement, direction: value.direction, updatedAt: 0 };
}

export function isTemplate(value: unknown): value is Template {
  return typeof value === 'string' && (TEMPLATES as readonly string[]).includes(value);
}

/** Note size on the canvas, in board units; the note grows downward with its text. */
export const NOTE_WIDTH = 200;
export const NOTE_MIN_HEIGHT = 120;

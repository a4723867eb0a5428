// The JSON snapshot of a board: everything the board document holds, as plain data, under
// a format name and version. docs/snapshot-format.md describes it field by field; change
// the shape only together with SNAPSHOT_VERSION and a step in ./migrations.ts.
import type { ActionStatus } from '../beliefActions.ts';
import type { ScalePoint, Template } from '../schema.ts';

export const SNAPSHOT_FORMAT = 'beliefmap-snapshot';
/** The version this code writes; ./migrations.ts upgrades older files to it on import. */
export const SNAPSHOT_VERSION = 2;

/** Times are milliseconds since 1970-01-01 UTC, exactly as the board stores them. */
export interface BoardSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  title: string;
  template: Template;
  createdAt: number;
  exportedAt: number;
  /** In the board's stable order: oldest first, ties by id. */
  beliefs: SnapshotBelief[];
  /** Everyone who ever joined, by id; kept after they leave. */
  participants: SnapshotParticipant[];
  /** Every revealed position on the board now: its latest answer per belief × participant. */
  positions: SnapshotPosition[];
  /** Revealed rounds, oldest first: the positions each revealed. Sealed answers are never exported. */
  rounds: SnapshotRound[];
  /** Version 2: every comment on a belief in the snapshot, oldest first, hidden ones marked. */
  comments: SnapshotComment[];
  /** Version 2: every action on a belief in the snapshot, oldest first. */
  actions: SnapshotAction[];
}

export interface SnapshotBelief {
  id: string;
  text: string;
  /** Top-left corner of the note, in board units. */
  x: number;
  y: number;
  color: string;
  authorId: string;
  createdAt: number;
}

export interface SnapshotParticipant {
  id: string;
  name: string;
  color: string;
}

export interface SnapshotPosition {
  beliefId: string;
  participantId: string;
  agreement: ScalePoint | 'pass';
  direction: ScalePoint | null;
  updatedAt: number;
}

/** One revealed round: which beliefs it asked about and what everyone answered then. */
export interface SnapshotRound {
  /** 1, 2, … in the order the facilitator ran them. */
  number: number;
  startedAt: number;
  revealedAt: number;
  beliefIds: string[];
  positions: SnapshotPosition[];
}

export interface SnapshotComment {
  id: string;
  beliefId: string;
  authorId: string;
  /** The top-level comment it answers, or null. */
  parentId: string | null;
  text: string;
  /** Participant ids. */
  mentions: string[];
  createdAt: number;
  editedAt: number | null;
  /** When a facilitator hid it, and who; null while it shows. */
  hidden: { by: string; at: number } | null;
}

export interface SnapshotAction {
  id: string;
  beliefId: string;
  text: string;
  ownerId: string | null;
  ownerName: string;
  /** "YYYY-MM-DD" or null. */
  due: string | null;
  status: ActionStatus;
  authorId: string;
  createdAt: number;
  updatedAt: number;
}

/** The file's text: indented for people who open it, ending in a newline. */
export function snapshotJson(snapshot: BoardSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

// What the relay keeps of a board's workshop outside the shared document (docs/rounds.md):
// the open round's sealed positions and the private notes of private writing. Stored
// beside the board, never in it, never sent to anyone but the participant it belongs to.
// In memory every table keyed by an id is a Map; stored, it is an array of pairs, so no
// participant or belief id ever becomes a property name.
import { isPositionRecord, type PositionRecord } from '../../shared/schema.ts';
import type { PrivateNote } from '../../shared/workshopMessages.ts';

export interface SealedState {
  /** The number of the round the sealed positions belong to; 0 before the first round. */
  round: number;
  /** participantId → beliefId → that participant's sealed position in `round`. */
  sealed: Map<string, Map<string, PositionRecord>>;
  /** participantId → notes written during private writing, not yet released. */
  privateNotes: Map<string, PrivateNote[]>;
  /**
   * participantId → their pseudonym on this board (anonymity levels, docs/groups.md):
   * the only place a pseudonym is joined to a person.
   */
  pseudonyms: Map<string, string>;
  /** participantId → beliefId → an anonymous answer held back until its belief has the minimum number of answers. */
  held: Map<string, Map<string, PositionRecord>>;
  /**
   * Participant secret hashes as stored before the roster kept them (server/access/roster.ts):
   * read once to fill a board's roster, never written again.
   */
  legacyParticipantKeys?: Map<string, string>;
}

export interface StoredSealed {
  version: 2;
  round: number;
  sealed: [string, [string, PositionRecord][]][];
  privateNotes: [string, PrivateNote[]][];
  /** Absent in states stored before anonymity levels. */
  pseudonyms?: [string, string][];
  held?: [string, [string, PositionRecord][]][];
}

export function emptySealedState(): SealedState {
  return { round: 0, sealed: new Map(), privateNotes: new Map(), pseudonyms: new Map(), held: new Map() };
}

export function sealedToStored(state: SealedState): StoredSealed {
  return {
    version: 2,
    round: state.round,
    sealed: Array.from(state.sealed, ([participantId, positions]) => [participantId, Array.from(positions, ([beliefId, position]) => [beliefId, { ...position }])]),
    privateNotes: Array.from(state.privateNotes, ([participantId, notes]) => [participantId, notes.map((note) => ({ ...note }))]),
    pseudonyms: Array.from(state.pseudonyms),
    held: positionTable(state.held),
  };
}

function positionTable(table: Map<string, Map<string, PositionRecord>>): [string, [string, PositionRecord][]][] {
  return Array.from(table, ([participantId, positions]) => [participantId, Array.from(positions, ([beliefId, position]) => [beliefId, { ...position }])]);
}

/** A stored participantId → beliefId → position table; null when damaged. */
function readPositionTable(value: unknown): Map<string, Map<string, PositionRecord>> | null {
  const table = new Map<string, Map<string, PositionRecord>>();
  const rows = entriesOf(value);
  if (!rows) return null;
  for (const [participantId, byBelief] of rows) {
    const positions = entriesOf(byBelief);
    if (!positions || !positions.every(([, position]) => isPositionRecord(position))) return null;
    table.set(participantId, new Map(positions as [string, PositionRecord][]));
  }
  return table;
}

function isPrivateNote(value: unknown): value is PrivateNote {
  const note = value as Partial<PrivateNote> | null;
  return (
    typeof note === 'object' &&
    note !== null &&
    typeof note.id === 'string' &&
    typeof note.text === 'string' &&
    typeof note.x === 'number' &&
    typeof note.y === 'number' &&
    typeof note.color === 'string' &&
    typeof note.createdAt === 'number'
  );
}

function isPairs(value: unknown): value is [unknown, unknown][] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string');
}

/** Entries of a stored table: pairs (version 2) or a plain JSON object (version 1). */
function entriesOf(value: unknown): [string, unknown][] | null {
  if (isPairs(value)) return value as [string, unknown][];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value);
  return null;
}

/** The state the relay wrote, from either stored layout; null when it is damaged. */
export function sealedFromStored(value: unknown): SealedState | null {
  if (typeof value !== 'object' || value === null) return null;
  const stored = value as { round?: unknown; sealed?: unknown; privateNotes?: unknown; participantKeys?: unknown; pseudonyms?: unknown; held?: unknown };
  if (typeof stored.round !== 'number') return null;
  const state = emptySealedState();
  state.round = stored.round;
  const sealed = readPositionTable(stored.sealed);
  const notes = entriesOf(stored.privateNotes);
  const held = stored.held === undefined ? new Map() : readPositionTable(stored.held);
  const pseudonyms = stored.pseudonyms === undefined ? [] : entriesOf(stored.pseudonyms);
  if (!sealed || !notes || !held || !pseudonyms || !pseudonyms.every(([, pseudonym]) => typeof pseudonym === 'string')) return null;
  state.sealed = sealed;
  state.held = held;
  state.pseudonyms = new Map(pseudonyms as [string, string][]);
  for (const [participantId, list] of notes) {
    if (!Array.isArray(list) || !list.every(isPrivateNote)) return null;
    state.privateNotes.set(participantId, list);
  }
  if (stored.participantKeys !== undefined) {
    const keys = entriesOf(stored.participantKeys);
    if (!keys || !keys.every(([, hash]) => typeof hash === 'string')) return null;
    state.legacyParticipantKeys = new Map(keys as [string, string][]);
  }
  return state;
}

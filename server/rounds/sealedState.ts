// What the relay keeps of a board's workshop outside the shared document (docs/rounds.md):
// the hashes of participant secrets, the open round's sealed positions and the private
// notes of private writing. Stored beside the board, never in it, never sent to anyone
// but the participant it belongs to.
import { isPositionRecord, type PositionRecord } from '../../shared/schema.ts';
import type { PrivateNote } from '../../shared/workshopMessages.ts';

export interface SealedState {
  /** participantId → hex SHA-256 of the participant secret that first used the id here. */
  participantKeys: Record<string, string>;
  /** The number of the round the sealed positions belong to; 0 before the first round. */
  round: number;
  /** participantId → beliefId → that participant's sealed position in `round`. */
  sealed: Record<string, Record<string, PositionRecord>>;
  /** participantId → notes written during private writing, not yet released. */
  privateNotes: Record<string, PrivateNote[]>;
}

export function emptySealedState(): SealedState {
  return { participantKeys: {}, round: 0, sealed: {}, privateNotes: {} };
}

function isRecordOf<T>(value: unknown, check: (entry: unknown) => entry is T): value is Record<string, T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(check);
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

/** Whether a value read from the store has the shape the relay wrote. */
export function isSealedState(value: unknown): value is SealedState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<SealedState>;
  return (
    typeof state.round === 'number' &&
    isRecordOf(state.participantKeys, (hash): hash is string => typeof hash === 'string') &&
    isRecordOf(state.sealed, (positions): positions is Record<string, PositionRecord> => isRecordOf(positions, isPositionRecord)) &&
    isRecordOf(state.privateNotes, (notes): notes is PrivateNote[] => Array.isArray(notes) && notes.every(isPrivateNote))
  );
}

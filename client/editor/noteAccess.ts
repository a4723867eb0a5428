// Whether I may change notes (add, write, move, colour, delete) right now: my link must
// let me edit, and a locked board freezes notes for everyone but facilitators. Positions
// are not notes: a lock leaves them open, so a round can run on a frozen board.
import { useSyncExternalStore } from 'react';
import { useAccessRole } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import { workshopStore } from '../state/workshopStore.ts';

export function isLockedForMe(session: BoardSession): boolean {
  return workshopStore(session.doc).get().state.locked && session.access.role.get() !== 'facilitate';
}

export function canEditNotes(session: BoardSession): boolean {
  return session.access.canEdit() && !isLockedForMe(session);
}

/** canEditNotes, re-rendering when my role or the lock changes. */
export function useCanEditNotes(session: BoardSession): boolean {
  useAccessRole(session);
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => canEditNotes(session));
}

// Private writing (docs/rounds.md): while the facilitator has it on, a new note must not
// enter the shared document — every browser would receive it — so it goes to the relay,
// which keeps it for its author alone until the facilitator ends private writing. This
// file is the one place that decides where a new note goes; the N key, the toolbar, a
// double-click on the canvas, the list's "Add belief" and "Write a belief" all call
// addNote, so no path can leak a note into the document by forgetting the rule.
import { useSyncExternalStore } from 'react';
import { addBelief, ModelError } from '../../shared/model.ts';
import type { Point } from './viewport.ts';
import { ValueStore } from '../state/externalStore.ts';
import type { BoardSession } from '../state/session.ts';
import type { PrivateBelief } from '../state/workshopChannel.ts';
import { workshopStore } from '../state/workshopStore.ts';

export interface NewNote {
  /** Top-left corner of the note on the board. */
  at: Point;
  text?: string;
}

/** Where a new note went: into the document, or to the relay as my private note. */
export interface AddedNote {
  id: string;
  private: boolean;
}

export function isPrivateWriting(session: BoardSession): boolean {
  return workshopStore(session.doc).get().state.privateWriting;
}

/**
 * Adds a note: a private one (only I see it, until the facilitator ends private writing)
 * while private writing is on, else a belief in the document. Returns null, after
 * reporting why, when the board refuses another belief.
 */
export function addNote(session: BoardSession, note: NewNote, report: (message: string) => void): AddedNote | null {
  const text = note.text ?? '';
  if (isPrivateWriting(session)) {
    return { id: session.workshop.addPrivateBelief({ text, x: note.at.x, y: note.at.y }), private: true };
  }
  // A new note is its own undo step, never merged into the typing just before it.
  session.undoManager.stopCapturing();
  try {
    return { id: addBelief(session.doc, { ...note.at, text, authorId: session.me.id }, session.origin), private: false };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    report(error.message);
    return null;
  }
}

/**
 * Opens the editor of a note just added: the canvas editor of a belief, or of a private
 * note (which is not a belief, so the belief editor could not find it).
 */
export function openNoteEditor(session: BoardSession, added: AddedNote): void {
  if (added.private) {
    privateEditing(session).set(added.id);
    return;
  }
  session.setSelection([added.id]);
  session.editing.set(added.id);
}

const editingStores = new WeakMap<BoardSession, ValueStore<string | null>>();

/** The private note whose text is open in the canvas editor (this tab only), or null. */
export function privateEditing(session: BoardSession): ValueStore<string | null> {
  let store = editingStores.get(session);
  if (!store) {
    store = new ValueStore<string | null>(null);
    editingStores.set(session, store);
  }
  return store;
}

/** Whether private writing is on, re-rendering when the facilitator turns it on or off. */
export function usePrivateWriting(session: BoardSession): boolean {
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => store.get().state.privateWriting);
}

/** My private notes not yet released, as the relay last told them (or this tab's guess since). */
export function usePrivateNotes(session: BoardSession): readonly PrivateBelief[] {
  return useSyncExternalStore(session.workshop.subscribePrivate, session.workshop.myPrivateBeliefs);
}

export function usePrivateEditing(session: BoardSession): string | null {
  const store = privateEditing(session);
  return useSyncExternalStore(store.subscribe, store.get);
}

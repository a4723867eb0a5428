// The workshop's shared state (timer, lock, summon, round status, revealed rounds) as one
// snapshot per change of the `workshop` and `rounds` maps, for React and for the action
// table alike. One store per document, so every reader shares one observer.
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readAnonymity, type AnonymitySettings } from '../../shared/anonymity.ts';
import { observeWorkshop, readRoundHistory, readWorkshop, type RoundRecord, type WorkshopState } from '../../shared/workshop.ts';

import { ValueStore } from './externalStore.ts';
import type { BoardSession } from './session.ts';

interface WorkshopSnapshot {
  state: WorkshopState;
  /** Revealed rounds, oldest first. */
  history: RoundRecord[];
  /** How visible answers are (docs/groups.md). */
  anonymity: AnonymitySettings;
}

// Repaired, not raw: any participant (or an older relay) may have written anything under
// these keys, and a round whose `answered` is null must not take the page down.
function readSnapshot(doc: Y.Doc): WorkshopSnapshot {
  return { state: readWorkshop(doc), history: readRoundHistory(doc), anonymity: readAnonymity(doc) };
}

const stores = new WeakMap<Y.Doc, ValueStore<WorkshopSnapshot>>();

/** The document's workshop snapshot store, made on first use and kept as long as the document. */
export function workshopStore(doc: Y.Doc): ValueStore<WorkshopSnapshot> {
  let store = stores.get(doc);
  if (!store) {
    const made = new ValueStore(readSnapshot(doc));
    observeWorkshop(doc, () => made.set(readSnapshot(doc)));
    stores.set(doc, made);
    store = made;
  }
  return store;
}

export function useWorkshop(session: BoardSession): WorkshopState {
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => store.get().state);
}

export function useRoundHistory(session: BoardSession): RoundRecord[] {
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => store.get().history);
}

export function useAnonymity(session: BoardSession): AnonymitySettings {
  const store = workshopStore(session.doc);
  return useSyncExternalStore(store.subscribe, () => store.get().anonymity);
}

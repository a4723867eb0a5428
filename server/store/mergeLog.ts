// A board's stored updates merged into one. A damaged one is refused, never half-loaded:
// merging reads every update whole, so it fails here; only then is each read on its own,
// to name the one that is damaged.
import * as Y from 'yjs';
import { StoreError } from './boardStore.ts';

export function mergeStoredUpdates(boardId: string, updates: Uint8Array[]): Uint8Array {
  try {
    return Y.mergeUpdates(updates);
  } catch (error) {
    for (const [index, update] of updates.entries()) {
      try {
        Y.decodeUpdate(update);
      } catch (entryError) {
        throw new StoreError(`The board ${boardId} is damaged: stored update ${index + 1} of ${updates.length} cannot be read (${String(entryError)}).`);
      }
    }
    throw new StoreError(`The board ${boardId} is damaged: its stored updates cannot be merged (${String(error)}).`);
  }
}

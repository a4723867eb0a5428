// The moment a store writes beside each stored batch (docs/history.md). Working it out
// must never cost a save: an update Yjs cannot read here was refused long before it
// reached the store, but should one come, it is saved without its moment.
import { changeOfState, changeOfUpdate, encodeMomentChange } from '../../shared/history/momentCodec.ts';

/** The moment of one stored batch, or null when it cannot be read. */
export function momentOfBatch(update: Uint8Array): Uint8Array | null {
  try {
    return encodeMomentChange(changeOfUpdate(update));
  } catch {
    return null;
  }
}

/** A board stored before moments were kept: its whole state is its first moment. */
export function momentOfState(state: Uint8Array): Uint8Array | null {
  try {
    return encodeMomentChange(changeOfState(state));
  } catch {
    return null;
  }
}

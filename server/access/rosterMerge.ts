// Two relays of a cluster each keep a board's roster in memory and save it to the shared
// record. A plain overwrite would let the last save erase a binding the other relay made,
// and a relay that never heard of a binding would let another browser take the id. So
// rosters are merged, with the record's word first: the first binding of an id wins
// wherever it was made, a removal is never undone, and a client id keeps its first owner.
import type { RosterEntry, RosterState } from './rosterState.ts';

/**
 * `first` merged with `then`: where both hold an entry, `first`'s wins (it was recorded
 * earlier), except that a removal in either is kept. Returns a new state.
 */
export function mergeRosters(first: RosterState, then: RosterState): RosterState {
  const participants = new Map<string, RosterEntry>(first.participants);
  for (const [id, entry] of then.participants) {
    const earlier = participants.get(id);
    if (!earlier) participants.set(id, { ...entry });
    else if (entry.removed && !earlier.removed) participants.set(id, { ...earlier, removed: true });
  }
  const clients = new Map<number, string>(first.clients);
  for (const [client, owner] of then.clients) if (!clients.has(client)) clients.set(client, owner);
  return { participants, clients };
}

/** Whether two entries bind an id to the same proof (secret hash and link). */
export function sameBinding(a: RosterEntry, b: RosterEntry): boolean {
  return a.via === b.via && a.keyHash === b.keyHash;
}

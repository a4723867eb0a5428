// A board's roster as data (server/access/roster.ts keeps it up to date): who joined and
// how, who was removed, which Yjs client ids each participant writes under, and the form
// it is stored in. Apart from the Roster class, so the store can speak of it without
// depending on the class that depends on the store.

export interface RosterEntry {
  /** Hash of the secret the browser first used this id with; null for a personal link's id. */
  keyHash: string | null;
  /** The shared participant link, the facilitator's link, or a personal link. */
  via: 'shared' | 'facilitator' | 'personal';
  /** Removed by the facilitator: the id may not join again. */
  removed: boolean;
}

export interface RosterState {
  participants: Map<string, RosterEntry>;
  /** Yjs client id → the participant who writes under it. */
  clients: Map<number, string>;
}

/** The stored form: arrays of pairs, so no participant id ever becomes an object key. */
export interface StoredRoster {
  participants: [string, RosterEntry][];
  clients: [number, string][];
}

export function emptyRoster(): RosterState {
  return { participants: new Map(), clients: new Map() };
}

export function rosterToStored(roster: RosterState): StoredRoster {
  return { participants: Array.from(roster.participants, ([id, entry]) => [id, { ...entry }]), clients: Array.from(roster.clients) };
}

export function rosterFromStored(value: unknown): RosterState | null {
  if (typeof value !== 'object' || value === null) return null;
  const stored = value as Partial<StoredRoster>;
  if (!Array.isArray(stored.participants) || !Array.isArray(stored.clients)) return null;
  const roster = emptyRoster();
  for (const pair of stored.participants) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') return null;
    const entry = pair[1] as Partial<RosterEntry> | null;
    const via = entry?.via;
    if (!entry || (entry.keyHash !== null && typeof entry.keyHash !== 'string') || (via !== 'shared' && via !== 'facilitator' && via !== 'personal')) return null;
    roster.participants.set(pair[0], { keyHash: entry.keyHash, via, removed: entry.removed === true });
  }
  for (const pair of stored.clients) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') return null;
    roster.clients.set(pair[0], pair[1]);
  }
  return roster;
}

/** How many participant ids joined through the shared participant link (not the facilitator's, not personal links), removed ones left out. */
export function sharedLinkIds(roster: RosterState): number {
  let count = 0;
  for (const entry of roster.participants.values()) if (entry.via === 'shared' && !entry.removed) count++;
  return count;
}

// Names of the people on the board, as the discussion shows them: a participant's name,
// "Unnamed" for one without, "someone who left" for an id the board no longer knows.
// Under an anonymous level a comment's author is a pseudonym: "you" for mine, the name
// behind it for a facilitator under "anonymous to participants" (the only one told whose
// each is), else "Person 3".
import { pseudonymName } from '../../shared/anonymity.ts';
import type { ParticipantRecord } from '../../shared/schema.ts';

export type NameOf = (participantId: string) => string;

export interface PseudonymsKnown {
  /** My pseudonym ('' or my id when I have none). */
  mine: string;
  /** Pseudonym → participant id: the facilitator's under "anonymous to participants", else empty. */
  owners: ReadonlyMap<string, string>;
}

export function nameReader(participants: ReadonlyMap<string, ParticipantRecord>, meId: string, pseudonyms?: PseudonymsKnown): NameOf {
  return (id) => {
    if (id === meId || (pseudonyms?.mine && id === pseudonyms.mine)) return 'you';
    const person = pseudonyms?.owners.get(id) ?? id;
    const record = participants.get(person);
    if (!record) return pseudonymName(id) ?? 'someone who left';
    return record.name.trim() || 'Unnamed';
  };
}

/** "6 Mar, 15:40": short, in this browser's language and time zone. */
export function shortTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

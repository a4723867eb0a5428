// Names of the people on the board, as the discussion shows them: a participant's name,
// "Unnamed" for one without, "someone who left" for an id the board no longer knows.
import type { ParticipantRecord } from '../../shared/schema.ts';

export type NameOf = (participantId: string) => string;

export function nameReader(participants: ReadonlyMap<string, ParticipantRecord>, meId: string): NameOf {
  return (id) => {
    if (id === meId) return 'you';
    const record = participants.get(id);
    if (!record) return 'someone who left';
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

// The agreement matrix the opinion groups are found from: people × beliefs, agreement
// −2…+2, with passes and unanswered beliefs as missing. Rows are keyed by participant id
// only — no names — so the same computation serves every anonymity level; names are
// attached at display time (groupNames.ts).
import type { ScalePoint } from '../schema.ts';

/** Someone with fewer answers than this is left out: their place would be mostly guesswork. */
export const MIN_ANSWERS_PER_PERSON = 3;
/** Fewer people than this, or fewer shared beliefs, and there are no groups to see. */
export const MIN_PEOPLE_FOR_GROUPS = 4;
export const MIN_BELIEFS_FOR_GROUPS = 5;
/** A belief counts toward MIN_BELIEFS_FOR_GROUPS once this many of the counted people answered it. */
export const MIN_ANSWERS_PER_BELIEF = 2;

export interface Answer {
  beliefId: string;
  participantId: string;
  agreement: ScalePoint | 'pass';
}

export interface AgreementMatrix {
  /** Participant ids, sorted, so the same answers always give the same matrix. */
  people: string[];
  /** Belief ids answered by at least one counted person, in the order given. */
  beliefs: string[];
  /** answers[person][belief]: agreement, or null for a pass or no answer. */
  answers: (number | null)[][];
  /** Beliefs answered by at least MIN_ANSWERS_PER_BELIEF counted people. */
  sharedBeliefs: number;
}

/**
 * The matrix of the live beliefs `beliefIds` (in board order) from every answer on the
 * board; answers to other beliefs (deleted ones) are ignored.
 */
export function agreementMatrix(beliefIds: readonly string[], answers: Iterable<Answer>): AgreementMatrix {
  const live = new Set(beliefIds);
  const byPerson = new Map<string, Map<string, number>>();
  for (const answer of answers) {
    if (answer.agreement === 'pass' || !live.has(answer.beliefId)) continue;
    let row = byPerson.get(answer.participantId);
    if (!row) byPerson.set(answer.participantId, (row = new Map()));
    row.set(answer.beliefId, answer.agreement);
  }
  const needed = Math.min(MIN_ANSWERS_PER_PERSON, beliefIds.length);
  const people = [...byPerson.keys()].filter((id) => byPerson.get(id)!.size >= needed).sort();
  const answeredBy = new Map<string, number>();
  for (const person of people) for (const beliefId of byPerson.get(person)!.keys()) answeredBy.set(beliefId, (answeredBy.get(beliefId) ?? 0) + 1);
  const beliefs = beliefIds.filter((id) => answeredBy.has(id));
  let sharedBeliefs = 0;
  for (const id of beliefs) if (answeredBy.get(id)! >= MIN_ANSWERS_PER_BELIEF) sharedBeliefs++;
  return {
    people,
    beliefs,
    answers: people.map((person) => {
      const row = byPerson.get(person)!;
      return beliefs.map((id) => row.get(id) ?? null);
    }),
    sharedBeliefs,
  };
}

export function hasEnoughForGroups(matrix: AgreementMatrix): boolean {
  return matrix.people.length >= MIN_PEOPLE_FOR_GROUPS && matrix.sharedBeliefs >= MIN_BELIEFS_FOR_GROUPS;
}

/** One person's answers as a string that changes exactly when one of their answers does. */
export function rowSignature(matrix: AgreementMatrix, person: number): string {
  const parts: string[] = [];
  matrix.answers[person].forEach((value, column) => {
    if (value !== null) parts.push(`${matrix.beliefs[column]}=${value}`);
  });
  return parts.join(',');
}

// Who has answered the open round, never what: per belief how many of the round's people
// answered it and who has not, and per person how many of the round's beliefs they have
// answered. Pure, from the round's public status, who is here and the board's names. The
// round's people are everyone here who answers (participants, and facilitators who have
// joined in) and anyone — here or gone — who has answered something in it, so every screen
// that has the same document and sees the same people counts the same.
import type { RoundStatus } from '../../shared/workshop.ts';

export interface Person {
  id: string;
  name: string;
  /** A facilitator is expected to answer only once they have answered something (as the relay's auto-reveal counts). */
  facilitating?: boolean;
}

export interface BeliefProgress {
  /** How many of the round's people have answered this belief. */
  answered: number;
  /** How many people the round has. */
  of: number;
  /** The round's people who have not answered this belief, by name. */
  missing: string[];
}

export interface PersonProgress {
  id: string;
  name: string;
  /** How many of the round's beliefs this person has answered. */
  answered: number;
}

export interface RoundProgress {
  number: number;
  beliefIds: string[];
  /** The round's people, by name, each with how many beliefs they have answered. */
  people: PersonProgress[];
  /** Answers given in the round so far, of `people.length × beliefIds.length`. */
  answers: number;
  perBelief: Map<string, BeliefProgress>;
}

/**
 * `boardBeliefIds` resolves a round on every belief (beliefIds null) and drops beliefs
 * deleted since the round began; `present` are the participants here now; `nameOf` names
 * someone who answered and has left.
 */
export function roundProgress(
  round: RoundStatus,
  boardBeliefIds: readonly string[],
  present: readonly Person[],
  nameOf: (participantId: string) => string,
): RoundProgress {
  const onBoard = new Set(boardBeliefIds);
  const beliefIds = round.beliefIds === null ? [...boardBeliefIds] : round.beliefIds.filter((id) => onBoard.has(id));
  const answeredSets = new Map(beliefIds.map((id) => [id, new Set(round.answered[id] ?? [])]));

  const answeredSomething = new Set<string>();
  for (const answered of answeredSets.values()) for (const id of answered) answeredSomething.add(id);
  // Only people expected to answer: participants, and facilitators who joined in.
  const expected = present.filter((person) => !person.facilitating || answeredSomething.has(person.id));
  const names = new Map(expected.map((person) => [person.id, person.name]));
  for (const id of answeredSomething) if (!names.has(id)) names.set(id, nameOf(id));
  const people = [...names]
    .map(([id, name]) => ({ id, name, answered: beliefIds.filter((beliefId) => answeredSets.get(beliefId)!.has(id)).length }))
    // Ids break ties, so two people of one name are listed alike on every screen.
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const perBelief = new Map<string, BeliefProgress>();
  for (const [id, answered] of answeredSets) {
    const missing = people.filter((person) => !answered.has(person.id)).map((person) => person.name);
    perBelief.set(id, { answered: people.length - missing.length, of: people.length, missing });
  }
  return {
    number: round.number,
    beliefIds,
    people,
    answers: people.reduce((sum, person) => sum + person.answered, 0),
    perBelief,
  };
}

/** The list's and the banner's names: "Ana, Bo and Chen". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a note and a list row say instead of figures while the belief's round is open: "sealed — 2 of 5 answered". */
export function sealedLabel(answered: number, of?: number): string {
  return of === undefined ? `sealed — ${answered} answered` : `sealed — ${answered} of ${of} answered`;
}

/** The banner's count: "7 of 12 answers in". */
export function answersLabel(progress: RoundProgress): string {
  const expected = progress.people.length * progress.beliefIds.length;
  return `${progress.answers} of ${expected} ${expected === 1 ? 'answer' : 'answers'} in`;
}

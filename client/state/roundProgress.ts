// Who has answered the open round, never what: per belief how many answered and which
// present participants have not, and overall how many people have answered every belief
// in the round. Pure, from the round's public status and who is here.
import type { RoundStatus } from '../../shared/workshop.ts';

export interface Person {
  id: string;
  name: string;
  /** A facilitator is expected to answer only once they have answered something (as the relay's auto-reveal counts). */
  facilitating?: boolean;
}

export interface BeliefProgress {
  answered: number;
  /** Present participants who have not answered this belief, by name. */
  missing: string[];
}

export interface RoundProgress {
  number: number;
  beliefIds: string[];
  /** People who answered every belief in the round. */
  done: number;
  /** Everyone present who can answer, and anyone (here or gone) who answered something. */
  people: number;
  /** Present participants with a belief in the round still unanswered, by name. */
  missing: string[];
  perBelief: Map<string, BeliefProgress>;
}

/**
 * `boardBeliefIds` resolves a round on every belief (beliefIds null) and drops beliefs
 * deleted since the round began; `present` are the participants here now.
 */
export function roundProgress(round: RoundStatus, boardBeliefIds: readonly string[], present: readonly Person[]): RoundProgress {
  const onBoard = new Set(boardBeliefIds);
  const beliefIds = round.beliefIds === null ? [...boardBeliefIds] : round.beliefIds.filter((id) => onBoard.has(id));
  const answeredSets = new Map(beliefIds.map((id) => [id, new Set(round.answered[id] ?? [])]));

  const answeredSomething = new Set<string>();
  for (const answered of answeredSets.values()) for (const id of answered) answeredSomething.add(id);
  // Only people expected to answer: participants, and facilitators who joined in.
  const expected = present.filter((person) => !person.facilitating || answeredSomething.has(person.id));
  const everyone = new Set([...expected.map((person) => person.id), ...answeredSomething]);
  const answeredAll = (personId: string) => beliefIds.every((id) => answeredSets.get(id)!.has(personId));

  const perBelief = new Map<string, BeliefProgress>();
  for (const [id, answered] of answeredSets) {
    perBelief.set(id, { answered: answered.size, missing: expected.filter((person) => !answered.has(person.id)).map((person) => person.name) });
  }
  return {
    number: round.number,
    beliefIds,
    done: [...everyone].filter(answeredAll).length,
    people: everyone.size,
    missing: expected.filter((person) => !answeredAll(person.id)).map((person) => person.name),
    perBelief,
  };
}

/** The list's and the banner's names: "Ana, Bo and Chen". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a note and a list row say instead of figures while the belief's round is open. */
export function sealedLabel(answered: number): string {
  return `sealed — ${answered} answered`;
}

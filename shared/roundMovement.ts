// When a belief's movement between two rounds means something: only when the same people
// answered it in both. Comparing round 1's five answers with round 2's three would show
// the team "moving" because two people stayed silent, so a movement — the arrow on the
// Measured view, the change of convergence in the list and the exports — is measured over
// the people who gave an agreement (not a pass) in both rounds, and needs at least
// MIN_PEOPLE_FOR_MOVEMENT of them, as convergence itself needs three (docs/rounds.md,
// "Movement between rounds"). Pure: the client, the exports and the tests share it.
import { computeBeliefStats, MIN_POSITIONS_FOR_CONVERGENCE, type BeliefStats } from './stats.ts';
import type { PositionRecord } from './schema.ts';

/** Fewer people in both rounds than this, and a belief gets no movement. */
export const MIN_PEOPLE_FOR_MOVEMENT = MIN_POSITIONS_FOR_CONVERGENCE;

/** A position revealed in a round: a round record's and a snapshot's look alike here. */
export type RoundAnswer = Pick<PositionRecord, 'agreement' | 'direction'> & { beliefId: string; participantId: string };

export interface PairedFigures {
  /** How many people gave an agreement on the belief in both rounds. */
  people: number;
  /** Their figures in each round; null below MIN_PEOPLE_FOR_MOVEMENT. */
  before: BeliefStats | null;
  after: BeliefStats | null;
}

/** Who gave an agreement (not a pass) on the belief among these answers, with it. */
function agreementsOn(beliefId: string, answers: readonly RoundAnswer[]): Map<string, RoundAnswer> {
  const byPerson = new Map<string, RoundAnswer>();
  for (const answer of answers) {
    if (answer.beliefId === beliefId && answer.agreement !== 'pass') byPerson.set(answer.participantId, answer);
  }
  return byPerson;
}

/** The belief's figures in both rounds over the same people: those who answered it in both. */
export function pairedFigures(beliefId: string, previous: readonly RoundAnswer[], latest: readonly RoundAnswer[]): PairedFigures {
  const before = agreementsOn(beliefId, previous);
  const after = agreementsOn(beliefId, latest);
  const both = [...after.keys()].filter((id) => before.has(id));
  if (both.length < MIN_PEOPLE_FOR_MOVEMENT) return { people: both.length, before: null, after: null };
  const figures = (answers: Map<string, RoundAnswer>) =>
    computeBeliefStats(both.map((id) => ({ agreement: answers.get(id)!.agreement, direction: answers.get(id)!.direction, updatedAt: 0 })));
  return { people: both.length, before: figures(before), after: figures(after) };
}

/**
 * Before a reveal, from what anyone may know — who has answered the open round, never what —
 * how many people answered the belief in the previous round (with an agreement) and in this
 * one. Someone may pass this time, so this is the most the reveal can give.
 */
export function peopleInBothRounds(beliefId: string, previous: readonly RoundAnswer[], answeredNow: readonly string[]): number {
  const before = agreementsOn(beliefId, previous);
  return new Set(answeredNow.filter((id) => before.has(id))).size;
}

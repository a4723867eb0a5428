// While a round is open, the beliefs in it show no statistic anywhere — not in the list's
// figures, not in its sort or "Polarized only" filter, not in the Measured view — not even
// one from positions given before the round: seeing where the team stood would anchor the
// sealed answers (docs/rounds.md). Every such view reads its figures through this.
import { computeBeliefStats, type BeliefStats } from './stats.ts';
import { isBeliefInRound, type RoundStatus } from './workshop.ts';

/** The figures of a belief nobody has answered: too few positions, not polarized, on no map. */
export const NO_FIGURES: BeliefStats = computeBeliefStats([]);

/** `statsOf`, except that the beliefs in the open round read as having no figures. */
export function figuresOutsideRound(round: RoundStatus | null, statsOf: (id: string) => BeliefStats): (id: string) => BeliefStats {
  if (!round || round.status !== 'open') return statsOf;
  return (id) => (isBeliefInRound(round, id) ? NO_FIGURES : statsOf(id));
}

/**
 * Changes exactly when the set of sealed beliefs may have: the open round's number, or 0
 * when no round is open. A cheap cache key (a round's beliefs are fixed when it starts).
 */
export function sealedRoundKey(round: RoundStatus | null): number {
  return round && round.status === 'open' ? round.number : 0;
}

/** Whether I have answered the belief as the board counts it: in the open round, by its public status. */
export function hasAnswered(round: RoundStatus | null, beliefId: string, me: string, hasPositionOnBoard: (id: string) => boolean): boolean {
  return isBeliefInRound(round, beliefId) ? (round!.answered[beliefId] ?? []).includes(me) : hasPositionOnBoard(beliefId);
}

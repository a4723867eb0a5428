// What the text exports say about each belief: its figures (from shared/stats.ts, the one
// copy of the statistics), the quadrant of Cutler's matrix it falls in, and how its
// convergence moved between the last two rounds that asked about it, among the people who
// answered it in both (shared/roundMovement.ts).
import { BOARD_ORDER, orderBeliefs } from '../beliefOrder.ts';
import { placementAcross } from '../matrixSpace.ts';
import { quadrantOf, type Quadrant } from '../quadrants.ts';
import type { BoardSnapshot, SnapshotBelief, SnapshotPosition } from '../snapshot/format.ts';
import { pairedFigures } from '../roundMovement.ts';
import { computeBeliefStats, type BeliefStats } from '../stats.ts';

export interface Movement {
  fromRound: number;
  toRound: number;
  /** How many people gave an agreement on the belief in both rounds. */
  people: number;
  /** Convergence in each round among those people; null when they are fewer than MIN_PEOPLE_FOR_MOVEMENT. */
  from: number | null;
  to: number | null;
}

export interface BeliefFigures {
  belief: SnapshotBelief;
  stats: BeliefStats;
  /** Null while the belief has too few positions to measure. */
  quadrant: Quadrant | null;
  /** Null until two rounds have asked about the belief. */
  movement: Movement | null;
}

function groupByBelief(positions: readonly SnapshotPosition[]): Map<string, SnapshotPosition[]> {
  const groups = new Map<string, SnapshotPosition[]>();
  for (const position of positions) {
    const group = groups.get(position.beliefId);
    if (group) group.push(position);
    else groups.set(position.beliefId, [position]);
  }
  return groups;
}

function movementOf(beliefId: string, snapshot: BoardSnapshot): Movement | null {
  const asked = snapshot.rounds.filter((round) => round.beliefIds.includes(beliefId));
  if (asked.length < 2) return null;
  const [previous, last] = asked.slice(-2);
  const paired = pairedFigures(beliefId, previous.positions, last.positions);
  return {
    fromRound: previous.number,
    toRound: last.number,
    people: paired.people,
    from: paired.before?.convergence ?? null,
    to: paired.after?.convergence ?? null,
  };
}

/** Every belief's figures, in the snapshot's (board) order. */
export function beliefFigures(snapshot: BoardSnapshot): BeliefFigures[] {
  const positions = groupByBelief(snapshot.positions);
  return snapshot.beliefs.map((belief) => {
    const stats = computeBeliefStats(positions.get(belief.id) ?? []);
    // Across the matrix: the team's mean direction, or where the team itself put the note
    // when nobody gave a direction (PRODUCT.md, "Measured map placement").
    const across = stats.meanDirection ?? placementAcross(belief);
    return {
      belief,
      stats,
      quadrant: stats.convergence === null ? null : quadrantOf(stats.convergence, across),
      movement: movementOf(belief.id, snapshot),
    };
  });
}

/** Most divergent first, beliefs too few to measure last, ties in board order: the list's own sort. */
export function mostDivergentFirst(figures: readonly BeliefFigures[]): BeliefFigures[] {
  const byId = new Map(figures.map((entry) => [entry.belief.id, entry]));
  const ids = orderBeliefs(
    figures.map((entry) => entry.belief.id),
    { ...BOARD_ORDER, sort: 'most-divergent' },
    (id) => byId.get(id)!.stats,
    () => false,
  );
  return ids.map((id) => byId.get(id)!);
}

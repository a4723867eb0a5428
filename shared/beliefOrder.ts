// Which beliefs a list shows and in what order: the board's stable order, or sorted by
// the team's convergence, optionally narrowed to polarized beliefs, to those I have not
// answered, or — for the facilitator — to one person's gaps. Pure, over ids and look-ups,
// so the list and the exports can share it.
import type { BeliefStats } from './stats.ts';

export const BELIEF_SORTS = ['board', 'most-divergent', 'most-convergent'] as const;
export type BeliefSort = (typeof BELIEF_SORTS)[number];

export const BELIEF_SORT_LABELS: Readonly<Record<BeliefSort, string>> = {
  board: 'Board order',
  'most-divergent': 'Most divergent first',
  'most-convergent': 'Most convergent first',
};

export interface BeliefOrder {
  sort: BeliefSort;
  polarizedOnly: boolean;
  /** Only beliefs on which I have recorded no position. */
  unansweredOnly: boolean;
  /** Only beliefs this participant (by id) has not answered: one person's gaps. */
  gapsOf?: string | null;
}

export const BOARD_ORDER: BeliefOrder = { sort: 'board', polarizedOnly: false, unansweredOnly: false, gapsOf: null };

export function isBeliefSort(value: unknown): value is BeliefSort {
  return typeof value === 'string' && (BELIEF_SORTS as readonly string[]).includes(value);
}

/** True when the order depends on positions, so it must follow every change to them. */
export function dependsOnPositions(order: BeliefOrder): boolean {
  return order.sort !== 'board' || order.polarizedOnly || order.unansweredOnly || !!order.gapsOf;
}

/**
 * The ids to show, from `ids` in board order. Beliefs with too few positions have no
 * convergence to sort by and come last; ties keep board order, so rows never shuffle
 * among equals.
 */
export function orderBeliefs(
  ids: readonly string[],
  order: BeliefOrder,
  statsOf: (id: string) => BeliefStats,
  hasMyPosition: (id: string) => boolean,
  /** Whether a participant has answered a belief; needed only with `gapsOf`. */
  answeredBy: (id: string, participantId: string) => boolean = () => false,
): string[] {
  const gapsOf = order.gapsOf ?? null;
  const shown = ids.filter(
    (id) =>
      (!order.polarizedOnly || statsOf(id).polarized) &&
      (!order.unansweredOnly || !hasMyPosition(id)) &&
      (gapsOf === null || !answeredBy(id, gapsOf)),
  );
  if (order.sort === 'board') return shown;
  const direction = order.sort === 'most-divergent' ? 1 : -1;
  const convergence = new Map(shown.map((id) => [id, statsOf(id).convergence]));
  // Array.prototype.sort is stable, which keeps board order among ties.
  return shown.sort((a, b) => {
    const ca = convergence.get(a) ?? null;
    const cb = convergence.get(b) ?? null;
    if (ca === null || cb === null) return ca === cb ? 0 : ca === null ? 1 : -1;
    return direction * (ca - cb);
  });
}

// Which beliefs a list shows and in what order: the board's stable order, or sorted by
// the team's convergence, optionally narrowed to polarized beliefs, to those I have not
// answered, to the beliefs that divide the opinion groups or that every group agrees on,
// or — for the facilitator — to one person's gaps. Pure, over ids and look-ups, so the
// list and the exports can share it.
import type { GroupSide } from './groups/groupConsensus.ts';
import type { BeliefStats } from './stats.ts';

export const BELIEF_SORTS = ['board', 'most-divergent', 'most-convergent'] as const;
export type BeliefSort = (typeof BELIEF_SORTS)[number];

export const BELIEF_SORT_LABELS: Readonly<Record<BeliefSort, string>> = {
  board: 'Board order',
  'most-divergent': 'Most divergent first',
  'most-convergent': 'Most convergent first',
};

/** Narrowing by the opinion groups (shared/groups/groupConsensus.ts). */
export const GROUP_FILTERS = ['all', 'divisive', 'consensus'] as const;
export type GroupFilter = (typeof GROUP_FILTERS)[number];

export const GROUP_FILTER_LABELS: Readonly<Record<GroupFilter, string>> = {
  all: 'All beliefs',
  divisive: 'Divisive',
  consensus: 'Consensus across groups',
};

export function isGroupFilter(value: unknown): value is GroupFilter {
  return typeof value === 'string' && (GROUP_FILTERS as readonly string[]).includes(value);
}

/** What the groups say of one belief; undefined when there are no groups or no answers from them. */
export type GroupVerdict = { divisive: boolean; consensus: GroupSide } | undefined;

export interface BeliefOrder {
  sort: BeliefSort;
  polarizedOnly: boolean;
  /** Only beliefs on which I have recorded no position. */
  unansweredOnly: boolean;
  /** Only beliefs this participant (by id) has not answered: one person's gaps. */
  gapsOf?: string | null;
  /** 'all' when absent. */
  acrossGroups?: GroupFilter;
}

export const BOARD_ORDER: BeliefOrder = { sort: 'board', polarizedOnly: false, unansweredOnly: false, gapsOf: null, acrossGroups: 'all' };

export function isBeliefSort(value: unknown): value is BeliefSort {
  return typeof value === 'string' && (BELIEF_SORTS as readonly string[]).includes(value);
}

/** True when the order depends on positions, so it must follow every change to them. */
export function dependsOnPositions(order: BeliefOrder): boolean {
  return order.sort !== 'board' || order.polarizedOnly || order.unansweredOnly || !!order.gapsOf || (order.acrossGroups ?? 'all') !== 'all';
}

function passesGroupFilter(filter: GroupFilter, verdict: GroupVerdict): boolean {
  if (filter === 'all') return true;
  if (!verdict) return false;
  return filter === 'divisive' ? verdict.divisive : verdict.consensus !== null;
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
  groupVerdictOf: (id: string) => GroupVerdict = () => undefined,
): string[] {
  const gapsOf = order.gapsOf ?? null;
  const groupFilter = order.acrossGroups ?? 'all';
  const shown = ids.filter(
    (id) =>
      (!order.polarizedOnly || statsOf(id).polarized) &&
      (!order.unansweredOnly || !hasMyPosition(id)) &&
      (gapsOf === null || !answeredBy(id, gapsOf)) &&
      passesGroupFilter(groupFilter, groupVerdictOf(id)),
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

// Movement between the last two revealed rounds, for React: the Measured view's arrows
// (computed once per change of the round history or the beliefs) and each belief's change
// in convergence for the list.
import { useSyncExternalStore } from 'react';
import type { RoundRecord } from '../../shared/workshop.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { MATRIX_BOUNDS } from '../editor/layout/matrix.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import type { BoardSession } from '../state/session.ts';
import type { BeliefStats } from '../../shared/stats.ts';
import { movementBetween, roundStats, type BeliefMovement } from './movement.ts';
import { useRoundHistory } from '../state/workshopStore.ts';

const NONE: BeliefMovement[] = [];

const cache = new WeakMap<RoundRecord[], { beliefsVersion: number; movements: BeliefMovement[] }>();

function movementsOf(session: BoardSession, history: RoundRecord[]): BeliefMovement[] {
  if (history.length < 2) return NONE;
  const beliefsVersion = session.beliefs.getVersion();
  const cached = cache.get(history);
  if (cached && cached.beliefsVersion === beliefsVersion) return cached.movements;
  const notes = session.beliefs.all().map((belief) => ({ id: belief.id, x: belief.x, y: belief.y, height: noteLayout(belief.text).height }));
  const movements = movementBetween(notes, history[history.length - 2], history[history.length - 1], MATRIX_BOUNDS);
  cache.set(history, { beliefsVersion, movements });
  return movements;
}

/** The arrows between the last two revealed rounds, whatever view this tab is in (the retro picture's). */
export function boardMovements(session: BoardSession, history: RoundRecord[]): { movements: BeliefMovement[]; rounds: { from: number; to: number } | null } {
  const movements = movementsOf(session, history);
  const rounds = history.length >= 2 ? { from: history[history.length - 2].number, to: history[history.length - 1].number } : null;
  return { movements, rounds: movements.length > 0 ? rounds : null };
}

const NO_SUBSCRIPTION = () => () => {};

/** Arrows to draw now: in the Measured view once the notes have arrived, else none. */
export function useMovementArrows(): BeliefMovement[] {
  const { session, layout } = useEditor();
  const history = useRoundHistory(session);
  const arrived = useSyncExternalStore(layout.progress.subscribe, () => layout.progress.get() === 1);
  const active = arrived && history.length >= 2;
  // Belief changes matter only while arrows are drawn.
  return useSyncExternalStore(active ? session.beliefs.subscribeAny : NO_SUBSCRIPTION, () =>
    active ? movementsOf(session, history) : NONE,
  );
}

const statsCache = new WeakMap<RoundRecord, Map<string, BeliefStats>>();

/** One revealed round's figures, computed once per round record. */
function cachedRoundStats(record: RoundRecord): Map<string, BeliefStats> {
  let stats = statsCache.get(record);
  if (!stats) {
    stats = roundStats(record);
    statsCache.set(record, stats);
  }
  return stats;
}

/** The belief's convergence in the previous and the latest revealed round, when both have one. */
export function useConvergenceChange(beliefId: string): { before: number; after: number } | null {
  const history = useRoundHistory(useEditor().session);
  if (history.length < 2) return null;
  const before = cachedRoundStats(history[history.length - 2]).get(beliefId)?.convergence;
  const after = cachedRoundStats(history[history.length - 1]).get(beliefId)?.convergence;
  return before != null && after != null ? { before, after } : null;
}

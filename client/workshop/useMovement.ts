// Movement between the last two revealed rounds, for React: the Measured view's arrows
// (computed once per change of the round history or the beliefs) and each belief's change
// in convergence for the list.
import { useSyncExternalStore } from 'react';
import type { RoundRecord } from '../../shared/workshop.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { MATRIX_BOUNDS } from '../editor/layout/matrix.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import type { BoardSession } from '../state/session.ts';
import { movementBetween, pairedRoundStats, type BeliefMovement } from './movement.ts';
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

type PairedStats = ReturnType<typeof pairedRoundStats>;
const statsCache = new WeakMap<RoundRecord, { previous: RoundRecord; stats: PairedStats }>();

/** The last two rounds' figures over the same people, computed once per pair of round records. */
function cachedPairedStats(previous: RoundRecord, latest: RoundRecord): PairedStats {
  const cached = statsCache.get(latest);
  if (cached && cached.previous === previous) return cached.stats;
  const stats = pairedRoundStats(previous, latest);
  statsCache.set(latest, { previous, stats });
  return stats;
}

/** The belief's convergence in the previous and the latest revealed round, over the people who answered it in both. */
export function useConvergenceChange(beliefId: string): { before: number; after: number } | null {
  const history = useRoundHistory(useEditor().session);
  if (history.length < 2) return null;
  const stats = cachedPairedStats(history[history.length - 2], history[history.length - 1]);
  const before = stats.before.get(beliefId)?.convergence;
  const after = stats.after.get(beliefId)?.convergence;
  return before != null && after != null ? { before, after } : null;
}

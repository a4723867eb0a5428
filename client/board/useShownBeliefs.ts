// The beliefs the list shows, sorted and filtered as chosen, following the team's
// positions live — except while I am working inside the rows: a row that jumps away or
// vanishes the moment I answer it would throw my keyboard focus out of the list.
import { useMemo, useState, useSyncExternalStore } from 'react';
import { dependsOnPositions, orderBeliefs, type BeliefOrder } from '../../shared/beliefOrder.ts';
import { readPosition } from '../../shared/model.ts';
import type { BoardSession } from '../state/session.ts';

const NO_SUBSCRIPTION = () => () => {};
const NO_VERSION = () => 0;

export interface ShownBeliefs {
  ids: string[];
  /** Positions changed while the order was held; it catches up when focus leaves the rows. */
  waiting: boolean;
}

export function useShownBeliefs(
  session: BoardSession,
  ids: string[],
  order: BeliefOrder,
  /** True while focus is inside the rows. */
  hold: boolean,
): ShownBeliefs {
  const live = dependsOnPositions(order);
  // In board order positions change nothing here, so the list does not even listen.
  const version = useSyncExternalStore(
    live ? session.stats.subscribeAny : NO_SUBSCRIPTION,
    live ? session.stats.getVersion : NO_VERSION,
  );
  const [applied, setApplied] = useState(version);
  // Adjusting state while rendering (React's pattern for state that follows a value).
  if (!hold && applied !== version) setApplied(version);

  const shown = useMemo(
    () =>
      orderBeliefs(ids, order, session.stats.get, (id) => readPosition(session.doc, id, session.me.id) !== null),
    // `applied` stands for the positions: the order is recomputed when they are let through.
    [session, ids, order, applied],
  );
  return { ids: shown, waiting: live && hold && applied !== version };
}

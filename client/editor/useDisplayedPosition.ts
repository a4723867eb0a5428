// A note's displayed top-left corner as React state: it follows the belief when it moves
// in the free layout, and the layout when it glides or the Measured view rearranges.
import { useCallback, useSyncExternalStore } from 'react';
import type { BoardSession } from '../state/session.ts';
import type { BoardLayout } from './layout/boardLayout.ts';
import type { Point } from './viewport.ts';

export function useDisplayedPosition(session: BoardSession, layout: BoardLayout, id: string): Point | undefined {
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopLayout = layout.subscribe(listener);
      const stopBelief = session.beliefs.subscribeBelief(id, listener);
      return () => {
        stopLayout();
        stopBelief();
      };
    },
    [session, layout, id],
  );
  const get = useCallback(() => layout.positionOf(id), [layout, id]);
  return useSyncExternalStore(subscribe, get);
}

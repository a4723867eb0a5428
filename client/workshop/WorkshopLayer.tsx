// The workshop's marks on the canvas, on a layer of their own between the notes and the
// selections: in the Measured view after two revealed rounds, the arrows of each belief's
// movement; and a dot on each note that changed since my last visit. Hidden when there is
// nothing to show. The board page hands it to the canvas (client/pages/BoardScreen.tsx).
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { Layer } from 'react-konva';
import type { ViewportStore } from '../editor/viewport.ts';
import { whenIdle } from '../state/whenIdle.ts';
import type { BeliefMovement } from './movement.ts';
import { MovementArrows, preloadMovementArrows } from './onDemandParts.tsx';
import { useVisitMarks } from './sinceLastVisit.ts';
import { UnseenDots } from './UnseenDots.tsx';

interface WorkshopLayerProps {
  /** The view the stage draws: marks keep one size on screen at its zoom. */
  view: ViewportStore;
  movements: readonly BeliefMovement[];
  /** Marks the page adds from another feature (the discussion's comment counts), on this layer: the stage keeps few layers. */
  extra?: ReactNode;
  /** Whether `extra` has anything to draw. */
  extraVisible?: boolean;
}

export function WorkshopLayer({ view, movements, extra, extraVisible = false }: WorkshopLayerProps) {
  const marks = useVisitMarks();
  const scale = useSyncExternalStore(view.subscribe, () => view.get().scale);
  // The arrows' code is in before they are first drawn rather than a moment after.
  useEffect(() => whenIdle(preloadMovementArrows), []);
  return (
    <Layer listening={false} visible={movements.length > 0 || marks.size > 0 || extraVisible}>
      {movements.length > 0 ? <MovementArrows movements={movements} /> : null}
      <UnseenDots marks={marks} scale={scale} />
      {extra}
    </Layer>
  );
}

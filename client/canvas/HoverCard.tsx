// The figures card of the note the pointer rests on, just below the note: the same numbers
// the belief list shows (n, passes, mean, convergence, polarized, distribution), and my
// own position. It follows the note live, so a colleague's new position shows at once.
import { useSyncExternalStore } from 'react';
import { describePosition } from '../../shared/scale.ts';
import { BeliefFigures } from '../ui/BeliefFigures.tsx';
import { useBelief, useMyPosition } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import type { BoardLayout } from '../editor/layout/boardLayout.ts';
import type { CanvasState } from './canvasState.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { useDisplayedPosition } from '../editor/useDisplayedPosition.ts';
import { boardToScreen, type ViewportStore } from '../editor/viewport.ts';

/** Screen pixels between the note's foot and the card. */
const CARD_GAP = 8;

interface HoverCardProps {
  session: BoardSession;
  viewport: ViewportStore;
  layout: BoardLayout;
  canvas: CanvasState;
}

export function HoverCard(props: HoverCardProps) {
  const hovered = useSyncExternalStore(props.canvas.hovered.subscribe, props.canvas.hovered.get);
  return hovered ? <OpenCard key={hovered} {...props} id={hovered} /> : null;
}

function OpenCard({ session, viewport, layout, id }: HoverCardProps & { id: string }) {
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(session, layout, id);
  const mine = useMyPosition(session, id);
  const v = useSyncExternalStore(viewport.subscribe, viewport.get);
  if (!belief || !at) return null;
  const foot = boardToScreen(v, { x: at.x, y: at.y + noteLayout(belief.text).height });
  return (
    <div role="tooltip" className="hover-card" style={{ left: foot.x, top: foot.y + CARD_GAP }}>
      <BeliefFigures session={session} id={id} />
      <p className="hover-card__mine">
        <span className="hover-card__term">You</span> {describePosition(mine)}
      </p>
    </div>
  );
}

// The figures card of the note the pointer rests on, just below the note: the same numbers
// the belief list shows (n, passes, mean, convergence, polarized, distribution), and my
// own position. It follows the note live, so a colleague's new position shows at once.
import { useSyncExternalStore } from 'react';
import { describePosition } from '../../shared/scale.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDisplayedPosition } from '../editor/hooks.ts';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { boardToScreen } from '../editor/viewport.ts';
import { useBelief, useMyPosition, useValue } from '../state/hooks.ts';
import { BeliefFigures } from '../ui/BeliefFigures.tsx';

/** Screen pixels between the note's foot and the card. */
const CARD_GAP = 8;

export function HoverCard() {
  const hovered = useValue(useEditor().hovered);
  return hovered ? <OpenCard key={hovered} id={hovered} /> : null;
}

function OpenCard({ id }: { id: string }) {
  const { session, viewport } = useEditor();
  const belief = useBelief(session, id);
  const at = useDisplayedPosition(id);
  const mine = useMyPosition(session, id);
  const v = useSyncExternalStore(viewport.subscribe, viewport.get);
  if (!belief || !at) return null;
  const foot = boardToScreen(v, { x: at.x, y: at.y + noteLayout(belief.text).height });
  return (
    <div role="tooltip" className="hover-card" style={{ left: foot.x, top: foot.y + CARD_GAP }}>
      <BeliefFigures id={id} />
      <p className="hover-card__mine">
        <span className="hover-card__term">You</span> {describePosition(mine)}
      </p>
    </div>
  );
}

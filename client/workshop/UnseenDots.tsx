// On the canvas, a small dot at the corner of each note added or changed since my last
// visit; resting the pointer on the note counts as having seen it.
import { useEffect } from 'react';
import { Circle } from 'react-konva';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import type { BoardLayout } from '../editor/layout/boardLayout.ts';
import type { CanvasState } from '../canvas/canvasState.ts';
import { useDisplayedPosition } from '../editor/useDisplayedPosition.ts';
import type { BoardSession } from '../state/session.ts';
import { sinceLastVisit } from './sinceLastVisit.ts';
import type { VisitMark } from './lastVisit.ts';

/** Screen pixels. */
const DOT_RADIUS = 6;
const DOT_COLOR = '#1f5fbf';

interface UnseenDotsProps {
  session: BoardSession;
  layout: BoardLayout;
  canvas: CanvasState;
  marks: ReadonlyMap<string, VisitMark>;
  scale: number;
}

export function UnseenDots({ session, layout, canvas, marks, scale }: UnseenDotsProps) {
  useEffect(() => {
    const { hovered } = canvas;
    return hovered.subscribe(() => {
      const id = hovered.get();
      if (id) sinceLastVisit(session).markViewed([id]);
    });
  }, [session, canvas]);
  return [...marks.keys()].map((id) => <Dot key={id} session={session} layout={layout} id={id} radius={DOT_RADIUS / scale} />);
}

function Dot({ session, layout, id, radius }: { session: BoardSession; layout: BoardLayout; id: string; radius: number }) {
  const at = useDisplayedPosition(session, layout, id);
  if (!at) return null;
  return <Circle x={at.x + NOTE_WIDTH} y={at.y} radius={radius} fill={DOT_COLOR} stroke="#ffffff" strokeWidth={2} strokeScaleEnabled={false} listening={false} />;
}

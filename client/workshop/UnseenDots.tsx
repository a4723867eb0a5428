// On the canvas, a small dot at the corner of each note added or changed since my last
// visit (sinceLastVisit.ts, which also counts resting the pointer on the note as seeing it).
import { Circle } from 'react-konva';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useDisplayedPosition } from '../editor/hooks.ts';
import type { VisitMark } from './lastVisit.ts';

/** Screen pixels. */
const DOT_RADIUS = 6;
const DOT_COLOR = '#1f5fbf';

export function UnseenDots({ marks, scale }: { marks: ReadonlyMap<string, VisitMark>; scale: number }) {
  return [...marks.keys()].map((id) => <Dot key={id} id={id} radius={DOT_RADIUS / scale} />);
}

function Dot({ id, radius }: { id: string; radius: number }) {
  const at = useDisplayedPosition(id);
  if (!at) return null;
  return <Circle x={at.x + NOTE_WIDTH} y={at.y} radius={radius} fill={DOT_COLOR} stroke="#ffffff" strokeWidth={2} strokeScaleEnabled={false} listening={false} />;
}

// Cutler's picture of beliefs travelling round the matrix: an arrow per belief from where
// the previous round put it to where the latest round did. Drawn on the workshop's layer
// (WorkshopLayer.tsx), a constant width on screen at any zoom. Loaded on demand
// (onDemandParts.tsx), so it registers the Arrow shape itself, before react-konva is asked
// to create one; Arrow brings Konva's Path with it, which nothing else draws.
import 'konva/lib/shapes/Arrow';
import { Arrow } from 'react-konva';
import type { BeliefMovement } from './movement.ts';

const ARROW_COLOR = '#1f5fbf';
const ARROW_OPACITY = 0.75;

export function MovementArrows({ movements }: { movements: readonly BeliefMovement[] }) {
  return movements.map(({ id, from, to }) => (
    <Arrow
      key={id}
      points={[from.x, from.y, to.x, to.y]}
      stroke={ARROW_COLOR}
      fill={ARROW_COLOR}
      opacity={ARROW_OPACITY}
      strokeWidth={3}
      pointerLength={12}
      pointerWidth={12}
      strokeScaleEnabled={false}
      dash={[10, 6]}
      listening={false}
      perfectDrawEnabled={false}
    />
  ));
}

// The facilitator's tools are downloaded when first opened, not with the board page
// (docs/performance.md, bundle): nobody else ever needs them. Import this, not the module
// behind it, or its code is back in the board page. The movement arrows, drawn on the
// canvas, are loaded once the board is idle.
import { lazyCanvasPart } from '../ui/lazyCanvasPart.tsx';
import { lazyPart } from '../ui/lazyPart.tsx';

export const FacilitatorTools = lazyPart(() => import('./FacilitatorTools.tsx').then((module) => module.FacilitatorTools), {
  name: 'the facilitator tools',
  className: 'facilitator__panel card',
  id: (props) => props.id,
  dismiss: (props) => props.onClose,
});

const movementArrows = lazyCanvasPart(() => import('./MovementArrows.tsx').then((module) => module.MovementArrows));
export const MovementArrows = movementArrows.Part;
/** Fetches the arrows' code, so it is in before they are first drawn rather than a moment after. */
export const preloadMovementArrows = movementArrows.preload;

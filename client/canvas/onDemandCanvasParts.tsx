// The parts of the canvas that are downloaded after the board is shown, not with the page
// (docs/performance.md, bundle): the HTML laid over the stage on hover and selection.
// Import these, not the modules behind them, or the part's code is back in the board page.
import { lazyCanvasPart } from '../ui/lazyCanvasPart.tsx';
import { whenIdle } from '../state/whenIdle.ts';

const hoverCard = lazyCanvasPart(() => import('./HoverCard.tsx').then((module) => module.HoverCard));
export const HoverCard = hoverCard.Part;

const positionPicker = lazyCanvasPart(() => import('./PositionPicker.tsx').then((module) => module.PositionPicker));
export const PositionPicker = positionPicker.Part;

/**
 * Fetches every part once the browser is idle after the board's first render, so a part
 * is in before it is first drawn rather than a moment after.
 */
export function preloadCanvasPartsWhenIdle(): () => void {
  return whenIdle(() => {
    for (const part of [positionPicker, hoverCard]) part.preload();
  });
}

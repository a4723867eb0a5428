// The board page's parts that are downloaded on their own chunk, not with the page
// (docs/performance.md, bundle). Import these, not the modules behind them, or their code
// is back in the board page.
import type { ComponentType } from 'react';
import { lazyPart, loadOnce } from '../ui/lazyPart.tsx';

const loadList = loadOnce(() => import('./BoardList.tsx'));

/**
 * The belief list beside the canvas (the whole page on a phone). Its download starts when
 * the board page starts opening (preloadBoardList), so it is usually in by the time the
 * board is; until then its place says "Loading the belief list…".
 */
export const BoardList: ComponentType<{ id: string }> = lazyPart(() => loadList().then((module) => module.BoardList), {
  name: 'the belief list',
  className: 'belief-list',
  id: (props) => props.id,
});

export function preloadBoardList(): void {
  loadList().catch(() => {});
}

const loadMomentMaps = loadOnce(() => import('./MomentMaps.tsx'));

/** The History view's maps and list (the History view itself: history/onDemandParts.tsx). */
export const MomentMaps = lazyPart(() => loadMomentMaps().then((module) => module.MomentMaps), {
  name: 'the board as it was',
  className: 'history__maps',
});

/** Starts the maps' download as History opens, beside the History view's own and its request for the board's past. */
export function preloadMomentMaps(): void {
  loadMomentMaps().catch(() => {});
}

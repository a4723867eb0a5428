// Following someone: my canvas shows the middle of what theirs shows, at their zoom. Our
// canvases differ in size, so the centre and the scale are matched, not the corner.
import type { SharedViewport } from '../state/presence.ts';
import { clampScale, type Viewport } from '../editor/viewport.ts';

/** My viewport, keeping my canvas size, centred where `leader`'s is and at its zoom. */
export function followView(mine: Viewport, leader: SharedViewport): Viewport {
  const scale = clampScale(leader.scale);
  const centreX = leader.x + leader.width / 2 / leader.scale;
  const centreY = leader.y + leader.height / 2 / leader.scale;
  return { ...mine, scale, x: centreX - mine.width / 2 / scale, y: centreY - mine.height / 2 / scale };
}

/** Whether two viewports show the same place at the same zoom (their sizes aside). */
export function sameView(a: Viewport, b: Viewport): boolean {
  return a.x === b.x && a.y === b.y && a.scale === b.scale;
}

// Where a new note goes: centred on a point, stepped diagonally off any note already
// sitting there, so pressing N twice gives two visible notes instead of one on top of
// the other.
import type { Point } from '../canvas/viewport.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';

/** How far apart two notes' corners must be to count as different places. */
const SAME_SPOT = 8;
const STEP = 24;
/** After this many steps the board is very crowded here; stacking is then acceptable. */
const MAX_STEPS = 40;

export function placeNewNote(centre: Point, others: Iterable<Point>): Point {
  const taken = Array.from(others);
  let x = Math.round(centre.x - NOTE_WIDTH / 2);
  let y = Math.round(centre.y - NOTE_MIN_HEIGHT / 2);
  for (let step = 0; step < MAX_STEPS; step++) {
    const clash = taken.some((p) => Math.abs(p.x - x) < SAME_SPOT && Math.abs(p.y - y) < SAME_SPOT);
    if (!clash) break;
    x += STEP;
    y += STEP;
  }
  return { x, y };
}

// Where a new note goes: at the given centre if that spot is free, else in the nearest
// free cell of a grid around it, so notes added one after another (N, the list's "Add
// belief", the belief writer) land side by side, readable, instead of in a pile.
import type { Point } from './viewport.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';

/** Room a note is given: its width and a typical height, with a gap around it. */
const GAP = 16;
const CELL_WIDTH = NOTE_WIDTH + GAP;
const CELL_HEIGHT = NOTE_MIN_HEIGHT + 40 + GAP;
/** Rings of cells searched around the centre; past that the board is crowded here and stacking is acceptable. */
const MAX_RINGS = 12;

function overlaps(corner: Point, taken: readonly Point[]): boolean {
  return taken.some((p) => Math.abs(p.x - corner.x) < CELL_WIDTH && Math.abs(p.y - corner.y) < CELL_HEIGHT);
}

/** Cells of the ring at `distance` around the origin cell, nearest to the centre first. */
function ring(distance: number): Point[] {
  const cells: Point[] = [];
  for (let dy = -distance; dy <= distance; dy++) {
    for (let dx = -distance; dx <= distance; dx++) {
      if (Math.max(Math.abs(dx), Math.abs(dy)) === distance) cells.push({ x: dx, y: dy });
    }
  }
  // Prefer right of and below the centre, as reading goes, among cells equally far.
  return cells.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y) || a.y - b.y || a.x - b.x);
}

/** The top-left corner for a new note meant to sit at `centre`, clear of the `others` (top-left corners). */
export function placeNewNote(centre: Point, others: Iterable<Point>): Point {
  const taken = Array.from(others);
  const origin = { x: Math.round(centre.x - NOTE_WIDTH / 2), y: Math.round(centre.y - NOTE_MIN_HEIGHT / 2) };
  for (let distance = 0; distance <= MAX_RINGS; distance++) {
    for (const cell of ring(distance)) {
      const corner = { x: origin.x + cell.x * CELL_WIDTH, y: origin.y + cell.y * CELL_HEIGHT };
      if (!overlaps(corner, taken)) return corner;
    }
  }
  return origin;
}

// Which notes are where: culling, hit testing and marquee selection over note boxes in
// board coordinates. Pure, and linear in the number of notes — a few thousand box tests
// cost well under a millisecond, less than keeping a spatial index in step with live edits.
import { NOTE_WIDTH } from '../../../shared/schema.ts';
import { intersects, type Bounds, type Point } from '../viewport.ts';

/** The box of a note, or null when the id is not (or no longer) on the board. */
export type BoxOf = (id: string) => Bounds | null;

export function noteBox(position: Point, height: number): Bounds {
  return { minX: position.x, minY: position.y, maxX: position.x + NOTE_WIDTH, maxY: position.y + height };
}

/** Ids whose boxes touch `area`, in the given (drawing) order. */
export function notesTouching(ids: readonly string[], boxOf: BoxOf, area: Bounds): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const box = boxOf(id);
    if (box && intersects(box, area)) out.push(id);
  }
  return out;
}

/** The note drawn on top at `point`: notes later in drawing order cover earlier ones. */
export function topNoteAt(ids: readonly string[], boxOf: BoxOf, point: Point): string | null {
  for (let i = ids.length - 1; i >= 0; i--) {
    const box = boxOf(ids[i]);
    if (box && point.x >= box.minX && point.x <= box.maxX && point.y >= box.minY && point.y <= box.maxY) return ids[i];
  }
  return null;
}

/** The rectangle spanned by two corner points, whichever way the drag went. */
export function rectFromPoints(a: Point, b: Point): Bounds {
  return { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
}

/** The smallest box around all `boxes`, or null when there are none. */
export function unionBounds(boxes: Iterable<Bounds>): Bounds | null {
  let out: Bounds | null = null;
  for (const b of boxes) {
    out = out
      ? { minX: Math.min(out.minX, b.minX), minY: Math.min(out.minY, b.minY), maxX: Math.max(out.maxX, b.maxX), maxY: Math.max(out.maxY, b.maxY) }
      : { ...b };
  }
  return out;
}

/** Same elements in the same order: lets a view keep its previous array and skip a render. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

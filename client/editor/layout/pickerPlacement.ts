// Where the position picker goes, in screen pixels: beside the selected note, inside the
// canvas, and off the other notes where room allows — a picker over the map hid the very
// notes (and movement arrows) people were talking about. Pure, so it is tested as data.
import { intersects, type Bounds } from '../viewport.ts';

export interface Size {
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
}

/** Screen pixels between the note and the picker, and between the picker and the canvas's edge. */
export const PICKER_GAP = 12;

/** Covering the selected note costs this much more than covering as much of any other. */
const OWN_NOTE_WEIGHT = 1_000;
/** A pixel away from the note's side weighs this much against a pixel² of another note covered. */
const DISTANCE_WEIGHT = 4;
/** Neighbours that suggest places to slide to: enough for a crowded map, few enough to stay cheap per frame. */
const MAX_NEIGHBOURS = 40;

function overlap(a: Bounds, b: Bounds): number {
  const width = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX);
  const height = Math.min(a.maxY, b.maxY) - Math.max(a.minY, b.minY);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, min: number, max: number): number {
  return max < min ? min : Math.min(max, Math.max(min, value));
}

/**
 * The picker's top-left corner. Tried: right of the note, left, below, above, each slid
 * along that side to clear the notes near it; every try is kept inside the canvas. The
 * one covering least wins (the selected note counts far more than the others), then the
 * one nearest the note, then the earlier side.
 */
export function placePicker(note: Bounds, picker: Size, canvas: Size, others: readonly Bounds[]): Placement {
  const minLeft = PICKER_GAP;
  const maxLeft = canvas.width - picker.width - PICKER_GAP;
  const minTop = PICKER_GAP;
  const maxTop = canvas.height - picker.height - PICKER_GAP;

  // Where along a side the picker may sit: level with the note's edges, or just past a neighbour.
  const reach = { minX: note.minX - picker.width - PICKER_GAP, minY: note.minY - picker.height - PICKER_GAP, maxX: note.maxX + picker.width + PICKER_GAP, maxY: note.maxY + picker.height + PICKER_GAP };
  const neighbours = others.filter((other) => intersects(other, reach)).slice(0, MAX_NEIGHBOURS);
  const tops = [note.minY, note.maxY - picker.height, ...neighbours.flatMap((o) => [o.maxY + PICKER_GAP, o.minY - PICKER_GAP - picker.height])];
  const lefts = [note.minX, note.maxX - picker.width, ...neighbours.flatMap((o) => [o.maxX + PICKER_GAP, o.minX - PICKER_GAP - picker.width])];
  const sides: Placement[][] = [
    tops.map((top) => ({ left: note.maxX + PICKER_GAP, top })),
    tops.map((top) => ({ left: note.minX - PICKER_GAP - picker.width, top })),
    lefts.map((left) => ({ left, top: note.maxY + PICKER_GAP })),
    lefts.map((left) => ({ left, top: note.minY - PICKER_GAP - picker.height })),
  ];

  let best: { at: Placement; cost: number } | null = null;
  for (const side of sides) {
    const [natural] = side;
    for (const wanted of side) {
      const at = { left: clamp(wanted.left, minLeft, maxLeft), top: clamp(wanted.top, minTop, maxTop) };
      const box = { minX: at.left, minY: at.top, maxX: at.left + picker.width, maxY: at.top + picker.height };
      let covered = overlap(box, note) * OWN_NOTE_WEIGHT;
      for (const other of others) covered += overlap(box, other);
      const distance = Math.abs(at.left - natural.left) + Math.abs(at.top - natural.top);
      const cost = covered + distance * DISTANCE_WEIGHT;
      if (!best || cost < best.cost) best = { at, cost };
    }
  }
  return best!.at;
}

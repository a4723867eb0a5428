import { describe, expect, it } from 'vitest';
import { noteBox, notesTouching, rectFromPoints, sameIds, topNoteAt, unionBounds, type BoxOf } from '../../client/editor/layout/noteGeometry.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';

const boxes: Record<string, ReturnType<typeof noteBox>> = {
  a: noteBox({ x: 0, y: 0 }, 120),
  b: noteBox({ x: 100, y: 50 }, 120), // overlaps a, drawn after it
  c: noteBox({ x: 1000, y: 1000 }, 300),
};
const boxOf: BoxOf = (id) => boxes[id] ?? null;
const order = ['a', 'b', 'c'];

describe('noteGeometry', () => {
  it('builds a note box from its top-left corner and height', () => {
    expect(noteBox({ x: 10, y: 20 }, 130)).toEqual({ minX: 10, minY: 20, maxX: 10 + NOTE_WIDTH, maxY: 150 });
  });

  it('hits the note drawn on top where two overlap', () => {
    expect(topNoteAt(order, boxOf, { x: 150, y: 100 })).toBe('b');
    expect(topNoteAt(order, boxOf, { x: 50, y: 20 })).toBe('a');
    expect(topNoteAt(order, boxOf, { x: 500, y: 500 })).toBeNull();
  });

  it('counts a tall note as hit all the way down', () => {
    expect(topNoteAt(order, boxOf, { x: 1100, y: 1290 })).toBe('c');
  });

  it('ignores ids that are no longer on the board', () => {
    expect(topNoteAt(['gone', 'a'], boxOf, { x: 5, y: 5 })).toBe('a');
    expect(notesTouching(['gone'], boxOf, { minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9 })).toEqual([]);
  });

  it('selects every note a marquee touches, dragged in any direction', () => {
    const area = rectFromPoints({ x: 250, y: 160 }, { x: 190, y: 110 });
    expect(area).toEqual({ minX: 190, minY: 110, maxX: 250, maxY: 160 });
    expect(notesTouching(order, boxOf, area)).toEqual(['a', 'b']);
  });

  it('culls to what the visible area touches, in drawing order', () => {
    expect(notesTouching(order, boxOf, { minX: 900, minY: 900, maxX: 1500, maxY: 1500 })).toEqual(['c']);
  });

  it('unions boxes, or says null for none', () => {
    expect(unionBounds([])).toBeNull();
    expect(unionBounds(Object.values(boxes))).toEqual({ minX: 0, minY: 0, maxX: 1000 + NOTE_WIDTH, maxY: 1300 });
  });

  it('compares id lists by content', () => {
    expect(sameIds(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameIds(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameIds(['a'], ['a', 'b'])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { PICKER_GAP, placePicker } from '../../client/editor/layout/pickerPlacement.ts';
import type { Bounds } from '../../client/editor/viewport.ts';

const PICKER = { width: 392, height: 150 };
const CANVAS = { width: 1100, height: 800 };

const box = (x: number, y: number, width = 100, height = 60): Bounds => ({ minX: x, minY: y, maxX: x + width, maxY: y + height });
const pickerAt = ({ left, top }: { left: number; top: number }): Bounds => box(left, top, PICKER.width, PICKER.height);
const overlaps = (a: Bounds, b: Bounds) => a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
const insideCanvas = (b: Bounds) => b.minX >= 0 && b.minY >= 0 && b.maxX <= CANVAS.width && b.maxY <= CANVAS.height;

describe('where the position picker opens', () => {
  it('right of the note, level with it, when nothing is in the way', () => {
    const note = box(300, 300);
    expect(placePicker(note, PICKER, CANVAS, [])).toEqual({ left: note.maxX + PICKER_GAP, top: note.minY });
  });

  it('on the left when the note is near the canvas\'s right edge, never over the note', () => {
    const note = box(900, 300);
    const at = pickerAt(placePicker(note, PICKER, CANVAS, []));
    expect(at.maxX).toBeLessThanOrEqual(note.minX);
    expect(insideCanvas(at)).toBe(true);
  });

  it('inside the canvas when the note sits in a corner', () => {
    for (const note of [box(0, 0), box(1000, 740), box(0, 740), box(1000, 0)]) {
      const at = pickerAt(placePicker(note, PICKER, CANVAS, []));
      expect(insideCanvas(at)).toBe(true);
      expect(overlaps(at, note)).toBe(false);
    }
  });

  it('off the neighbours on the right and below, taking the free side', () => {
    const note = box(400, 300);
    const neighbours = [box(530, 300), box(400, 390)];
    const at = pickerAt(placePicker(note, PICKER, CANVAS, neighbours));
    expect(overlaps(at, note)).toBe(false);
    for (const other of neighbours) expect(overlaps(at, other)).toBe(false);
  });

  it('slides along a side past a neighbour rather than cover it', () => {
    const note = box(300, 300);
    // Something right beside the note's top, with room below it on the same side.
    const neighbour = box(420, 280, 100, 40);
    const blockers = [neighbour, box(0, 300, 290, 200), box(300, 370, 100, 400), box(300, 0, 100, 290)];
    const at = pickerAt(placePicker(note, PICKER, CANVAS, blockers));
    for (const other of blockers) expect(overlaps(at, other)).toBe(false);
    expect(at.minX).toBe(note.maxX + PICKER_GAP);
  });

  it('covers the fewest other notes when every side is crowded, but never its own', () => {
    const note = box(400, 300);
    const crowd: Bounds[] = [];
    for (let x = 0; x < CANVAS.width; x += 110) for (let y = 0; y < CANVAS.height; y += 70) if (!overlaps(box(x, y), note)) crowd.push(box(x, y));
    const at = pickerAt(placePicker(note, PICKER, CANVAS, crowd));
    expect(overlaps(at, note)).toBe(false);
    expect(insideCanvas(at)).toBe(true);
  });
});

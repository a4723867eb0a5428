import { describe, expect, it } from 'vitest';
import { TRAY_HEADER_HEIGHT, TRAY_NOTE_GAP, TRAY_PADDING, trayLayout } from '../../client/editor/layout/trayLayout.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';

const notes = (heights: number[]) => heights.map((height, i) => ({ id: `b${i}`, height }));

describe('trayLayout', () => {
  it('is null when no belief waits', () => {
    expect(trayLayout([], 0, 0, 2400)).toBeNull();
  });

  it('fills rows left to right in the given order, below the title', () => {
    const tray = trayLayout(notes([120, 120, 120]), -1200, 900, 2400)!;
    const first = { x: -1200 + TRAY_PADDING, y: 900 + TRAY_HEADER_HEIGHT };
    expect(tray.positions.get('b0')).toEqual(first);
    expect(tray.positions.get('b1')).toEqual({ x: first.x + NOTE_WIDTH + TRAY_NOTE_GAP, y: first.y });
    expect(tray.positions.get('b2')).toEqual({ x: first.x + 2 * (NOTE_WIDTH + TRAY_NOTE_GAP), y: first.y });
  });

  it('starts a new row below the tallest note of the last one', () => {
    // 2400 wide holds 10 notes of 200 with 24 between them inside the padding.
    const tray = trayLayout(notes([120, 300, 120, 120, 120, 120, 120, 120, 120, 120, 140]), 0, 0, 2400)!;
    expect(tray.positions.get('b9')!.y).toBe(TRAY_HEADER_HEIGHT);
    expect(tray.positions.get('b10')).toEqual({ x: TRAY_PADDING, y: TRAY_HEADER_HEIGHT + 300 + TRAY_NOTE_GAP });
    expect(tray.bounds).toEqual({
      minX: 0,
      minY: 0,
      maxX: 2400,
      maxY: TRAY_HEADER_HEIGHT + 300 + TRAY_NOTE_GAP + 140 + TRAY_PADDING,
    });
  });

  it('keeps every note inside the tray and apart from the others', () => {
    const tray = trayLayout(notes(Array.from({ length: 37 }, (_, i) => 120 + (i % 4) * 30)), 50, 70, 1000)!;
    const boxes = [...tray.positions].map(([id, p]) => ({ id, ...p, h: 120 + (Number(id.slice(1)) % 4) * 30 }));
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(tray.bounds.minX + TRAY_PADDING);
      expect(box.x + NOTE_WIDTH).toBeLessThanOrEqual(tray.bounds.maxX - TRAY_PADDING);
      expect(box.y + box.h).toBeLessThanOrEqual(tray.bounds.maxY - TRAY_PADDING);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const apart = a.x + NOTE_WIDTH < b.x || b.x + NOTE_WIDTH < a.x || a.y + a.h < b.y || b.y + b.h < a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('holds at least one column however narrow', () => {
    const tray = trayLayout(notes([120, 120]), 0, 0, 50)!;
    expect(tray.positions.get('b0')!.x).toBe(tray.positions.get('b1')!.x);
    expect(tray.bounds.maxX).toBe(NOTE_WIDTH + 2 * TRAY_PADDING);
  });
});

import { describe, expect, it } from 'vitest';
import { placeNewNote } from '../../client/editor/placement.ts';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { placeInUnplacedTray, UNPLACED_TRAY } from '../../client/editor/layout/unplacedTray.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';

const apart = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) >= NOTE_WIDTH || Math.abs(a.y - b.y) >= NOTE_MIN_HEIGHT;

describe('where a new note goes', () => {
  it('is centred on the point when the spot is free', () => {
    expect(placeNewNote({ x: 500, y: 300 }, [])).toEqual({ x: 500 - NOTE_WIDTH / 2, y: 300 - NOTE_MIN_HEIGHT / 2 });
  });

  it('lands clear of every other note when notes are added one after another at the same centre', () => {
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 30; i++) placed.push(placeNewNote({ x: 0, y: 0 }, placed));
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) expect(apart(placed[i], placed[j])).toBe(true);
    }
    // Near the centre, not scattered: thirty notes fit within three rings.
    for (const p of placed) expect(Math.hypot(p.x, p.y)).toBeLessThan(4 * (NOTE_WIDTH + NOTE_MIN_HEIGHT));
  });
});

describe('a new note on a belief-map board', () => {
  it('lands in the "Unplaced" tray beside the matrix, row by row, never across the centre cross', () => {
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 20; i++) placed.push(placeInUnplacedTray(placed));
    for (const [i, p] of placed.entries()) {
      expect(p.x, `note ${i}`).toBeGreaterThan(MATRIX_BOUNDS.maxX);
      expect(p.x + NOTE_WIDTH, `note ${i}`).toBeLessThanOrEqual(UNPLACED_TRAY.maxX);
      expect(p.y, `note ${i}`).toBeGreaterThanOrEqual(UNPLACED_TRAY.minY);
      for (const q of placed.slice(i + 1)) expect(apart(p, q)).toBe(true);
    }
    // Two to a row, the first row first.
    expect(placed[0].y).toBe(placed[1].y);
    expect(placed[2].y).toBeGreaterThan(placed[0].y);
  });

  it('fills the gap a note dragged onto the map leaves', () => {
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 5; i++) placed.push(placeInUnplacedTray(placed));
    const [moved] = placed.splice(1, 1);
    expect(placeInUnplacedTray(placed)).toEqual(moved);
  });
});

import { describe, expect, it } from 'vitest';
import { placeNewNote } from '../../client/editor/placement.ts';
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

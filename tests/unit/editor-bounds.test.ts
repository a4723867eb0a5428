import { describe, expect, it } from 'vitest';
import { beliefsBounds } from '../../client/editor/layout/bounds.ts';
import { noteLayout } from '../../client/editor/layout/noteLayout.ts';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH, type Belief } from '../../shared/schema.ts';

const belief = (id: string, x: number, y: number, text = ''): Belief => ({ id, x, y, text, color: 'yellow', authorId: 'p', createdAt: 0, deletedAt: null, deletedBy: null });

describe('beliefsBounds', () => {
  it('is null for an empty board', () => {
    expect(beliefsBounds([])).toBeNull();
  });

  it('spans every note, tall notes by their laid-out height', () => {
    const long = 'a belief long enough to wrap over many lines '.repeat(6);
    const bounds = beliefsBounds([belief('a', -50, 10), belief('b', 300, 400, long)]);
    expect(noteLayout(long).height).toBeGreaterThan(NOTE_MIN_HEIGHT);
    expect(bounds).toEqual({ minX: -50, minY: 10, maxX: 300 + NOTE_WIDTH, maxY: 400 + noteLayout(long).height });
  });
});

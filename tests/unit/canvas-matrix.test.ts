import { describe, expect, it } from 'vitest';
import { AXIS_LABELS, MATRIX_BOUNDS, matrixLabels, QUADRANT_CAPTIONS, quadrantBounds } from '../../client/canvas/matrix.ts';

const inside = (outer: typeof MATRIX_BOUNDS, x: number, y: number, w: number, h: number) =>
  x >= outer.minX && y >= outer.minY && x + w <= outer.maxX && y + h <= outer.maxY;

describe('belief map matrix', () => {
  it('is centred on the board origin', () => {
    expect(MATRIX_BOUNDS.minX + MATRIX_BOUNDS.maxX).toBe(0);
    expect(MATRIX_BOUNDS.minY + MATRIX_BOUNDS.maxY).toBe(0);
  });

  it("uses Cutler's words for the quadrants and axes", () => {
    expect(QUADRANT_CAPTIONS['upper-right']).toBe('We agree, and that is good!');
    expect(QUADRANT_CAPTIONS['upper-left']).toBe("I'm not sure we benefit from full agreement anymore…");
    expect(QUADRANT_CAPTIONS['lower-right']).toBe('We benefit from healthy tension and disagreement in this area.');
    expect(QUADRANT_CAPTIONS['lower-left']).toBe('We have to learn and reduce uncertainty. We must resolve our differences.');
    expect(AXIS_LABELS.top).toBe('High convergence / Low divergence');
    expect(AXIS_LABELS.left).toBe('Disrupt / Challenge / Shift / Not benefiting from');
  });

  it('splits into four quadrants meeting at the origin, high convergence on top', () => {
    expect(quadrantBounds('upper-right')).toEqual({ minX: 0, minY: MATRIX_BOUNDS.minY, maxX: MATRIX_BOUNDS.maxX, maxY: 0 });
    expect(quadrantBounds('lower-left')).toEqual({ minX: MATRIX_BOUNDS.minX, minY: 0, maxX: 0, maxY: MATRIX_BOUNDS.maxY });
  });

  it('places every label inside the matrix, each caption in its own quadrant', () => {
    const labels = matrixLabels();
    expect(labels).toHaveLength(8);
    for (const label of labels) expect(inside(MATRIX_BOUNDS, label.x, label.y, label.width, label.height)).toBe(true);
    for (const [quadrant, caption] of Object.entries(QUADRANT_CAPTIONS)) {
      const label = labels.find((l) => l.text === caption)!;
      expect(inside(quadrantBounds(quadrant as keyof typeof QUADRANT_CAPTIONS), label.x, label.y, label.width, label.height)).toBe(true);
    }
  });
});

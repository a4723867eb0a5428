import { describe, expect, it } from 'vitest';
import { MATRIX_BOUNDS, matrixLabels, quadrantBounds } from '../../client/editor/layout/matrix.ts';
import { AXIS_LABELS, QUADRANTS, type Quadrant } from '../../shared/quadrants.ts';

const inside = (outer: typeof MATRIX_BOUNDS, x: number, y: number, w: number, h: number) =>
  x >= outer.minX && y >= outer.minY && x + w <= outer.maxX && y + h <= outer.maxY;

describe('belief map matrix', () => {
  it('is centred on the board origin', () => {
    expect(MATRIX_BOUNDS.minX + MATRIX_BOUNDS.maxX).toBe(0);
    expect(MATRIX_BOUNDS.minY + MATRIX_BOUNDS.maxY).toBe(0);
  });

  it('splits into four quadrants meeting at the origin, high convergence on top', () => {
    expect(quadrantBounds('agree-good')).toEqual({ minX: 0, minY: MATRIX_BOUNDS.minY, maxX: MATRIX_BOUNDS.maxX, maxY: 0 });
    expect(quadrantBounds('must-resolve')).toEqual({ minX: MATRIX_BOUNDS.minX, minY: 0, maxX: 0, maxY: MATRIX_BOUNDS.maxY });
  });

  it('draws all four axis labels', () => {
    const texts = matrixLabels().filter((l) => l.kind === 'axis').map((l) => l.text);
    expect(texts.sort()).toEqual(
      [AXIS_LABELS.direction.left, AXIS_LABELS.direction.right, AXIS_LABELS.convergence.high, AXIS_LABELS.convergence.low].sort(),
    );
  });

  it('places every label inside the matrix, each caption in its own quadrant', () => {
    const labels = matrixLabels();
    expect(labels).toHaveLength(8);
    for (const label of labels) expect(inside(MATRIX_BOUNDS, label.x, label.y, label.width, label.height)).toBe(true);
    for (const quadrant of Object.keys(QUADRANTS) as Quadrant[]) {
      const label = labels.find((l) => l.text === QUADRANTS[quadrant].caption)!;
      expect(inside(quadrantBounds(quadrant), label.x, label.y, label.width, label.height)).toBe(true);
    }
  });
});

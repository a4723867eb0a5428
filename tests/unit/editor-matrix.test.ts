import { describe, expect, it } from 'vitest';
import { AXIS_LABEL_COLOR, CAPTION_COLOR, labelFontSize, MATRIX_BOUNDS, MATRIX_GROUND, matrixLabels, quadrantBounds } from '../../client/editor/layout/matrix.ts';
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

describe('the matrix\'s labels on a projector', () => {
  /** WCAG 2's contrast ratio of two #rrggbb colours. */
  function contrast(a: string, b: string): number {
    const luminance = (hex: string) => {
      const [r, g, bl] = [1, 3, 5].map((at) => {
        const c = parseInt(hex.slice(at, at + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  it('draws captions and axis labels at 4.5:1 contrast or more on the matrix\'s ground', () => {
    expect(contrast(CAPTION_COLOR, MATRIX_GROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(AXIS_LABEL_COLOR, MATRIX_GROUND)).toBeGreaterThanOrEqual(4.5);
    // The old caption grey failed: 1.4:1.
    expect(contrast('#ced4da', MATRIX_GROUND)).toBeLessThan(4.5);
  });

  it('keeps every label at least 12 px on screen at the zoom that frames 13 beliefs on 1440 × 900', () => {
    for (const label of matrixLabels()) expect(labelFontSize(label) * 0.341, label.text).toBeGreaterThanOrEqual(12);
  });

  it('never lets two labels overlap', () => {
    const labels = matrixLabels();
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `"${a.text}" and "${b.text}"`).toBe(true);
      }
    }
  });
});

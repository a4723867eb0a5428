// Cutler's belief-mapping matrix in board space: where the "Belief map" template draws its
// axes, labels and quadrant captions. Pure data, so the Measured layout can place notes
// on the same rectangle the backdrop shows.
import { AXIS_LABELS, QUADRANTS, type Quadrant } from '../../../shared/quadrants.ts';
import { MATRIX_HEIGHT, MATRIX_WIDTH } from '../../../shared/matrixSpace.ts';
import type { Bounds } from '../viewport.ts';

export { MATRIX_HEIGHT, MATRIX_WIDTH };

/** The matrix rectangle, centred on the board origin; its axes cross at (0, 0). */
export const MATRIX_BOUNDS: Bounds = {
  minX: -MATRIX_WIDTH / 2,
  minY: -MATRIX_HEIGHT / 2,
  maxX: MATRIX_WIDTH / 2,
  maxY: MATRIX_HEIGHT / 2,
};

export function quadrantBounds(quadrant: Quadrant): Bounds {
  const { minX, minY, maxX, maxY } = MATRIX_BOUNDS;
  const left = QUADRANTS[quadrant].side === 'left';
  const upper = QUADRANTS[quadrant].half === 'upper';
  return {
    minX: left ? minX : 0,
    maxX: left ? 0 : maxX,
    minY: upper ? minY : 0,
    maxY: upper ? 0 : maxY,
  };
}

export interface MatrixLabel {
  text: string;
  kind: 'axis' | 'quadrant';
  /** The label's box in board units; the text is aligned inside it. */
  x: number;
  y: number;
  width: number;
  height: number;
  align: 'left' | 'right';
  verticalAlign: 'top' | 'bottom';
}

// Wide enough for the longest axis label on one line at the backdrop's 18-unit font.
const AXIS_LABEL_WIDTH = 620;
const AXIS_LABEL_HEIGHT = 40;
const AXIS_GAP = 12;
const CAPTION_INSET = 48;
const CAPTION_WIDTH = 640;
// Room for three lines of the longest caption at the backdrop's 34-unit font and 1.25
// line height (3 × 42.5); a shorter box clips the last line.
const CAPTION_HEIGHT = 140;

/**
 * Every label of the matrix, placed: axis labels along the axes just inside each end,
 * quadrant captions in the quadrants' outer corners so notes placed near the centre —
 * where the discussion happens — do not cover them.
 */
export function matrixLabels(): MatrixLabel[] {
  const { minX, minY, maxX, maxY } = MATRIX_BOUNDS;
  const axis = (text: string, x: number, y: number, align: 'left' | 'right', verticalAlign: 'top' | 'bottom'): MatrixLabel => ({
    text, kind: 'axis', x, y, width: AXIS_LABEL_WIDTH, height: AXIS_LABEL_HEIGHT, align, verticalAlign,
  });
  const captions = (Object.keys(QUADRANTS) as Quadrant[]).map((quadrant): MatrixLabel => {
    const box = quadrantBounds(quadrant);
    const left = QUADRANTS[quadrant].side === 'left';
    const upper = QUADRANTS[quadrant].half === 'upper';
    return {
      text: QUADRANTS[quadrant].caption,
      kind: 'quadrant',
      x: left ? box.minX + CAPTION_INSET : box.maxX - CAPTION_INSET - CAPTION_WIDTH,
      y: upper ? box.minY + CAPTION_INSET : box.maxY - CAPTION_INSET - CAPTION_HEIGHT,
      width: CAPTION_WIDTH,
      height: CAPTION_HEIGHT,
      align: left ? 'left' : 'right',
      verticalAlign: upper ? 'top' : 'bottom',
    };
  });
  return [
    axis(AXIS_LABELS.direction.left, minX + AXIS_GAP, AXIS_GAP, 'left', 'top'),
    axis(AXIS_LABELS.direction.right, maxX - AXIS_GAP - AXIS_LABEL_WIDTH, AXIS_GAP, 'right', 'top'),
    axis(AXIS_LABELS.convergence.high, AXIS_GAP, minY + AXIS_GAP, 'left', 'top'),
    axis(AXIS_LABELS.convergence.low, AXIS_GAP, maxY - AXIS_GAP - AXIS_LABEL_HEIGHT, 'left', 'bottom'),
    ...captions,
  ];
}

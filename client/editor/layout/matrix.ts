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

/** The font size a label is drawn at, in board units. */
export function labelFontSize(label: Pick<MatrixLabel, 'kind'>): number {
  return label.kind === 'axis' ? AXIS_FONT_SIZE : CAPTION_FONT_SIZE;
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

/**
 * Type sizes in board units. On a 1440 × 900 screen "Zoom to fit" frames the matrix at
 * about 0.34, where these are ≥ 12 px (axis labels) and 13.6 px (captions): readable on a
 * projector, as the notes' labels are (readability.ts).
 */
export const AXIS_FONT_SIZE = 36;
export const CAPTION_FONT_SIZE = 40;
export const LABEL_LINE_HEIGHT = 1.25;
/**
 * Label colours on the matrix's near-white ground: both above the 4.5:1 contrast WCAG asks
 * of text (#495057 on white is 8.2:1, #343a40 11.5:1); captions a shade lighter than the
 * axes so the two read as different things.
 */
export const AXIS_LABEL_COLOR = '#343a40';
export const CAPTION_COLOR = '#495057';
/** The matrix's own ground: white at 60 % over the canvas's #f8f9fa. */
export const MATRIX_GROUND = '#fbfcfc';

// Wide enough for the longest axis label on one line in bold at AXIS_FONT_SIZE.
const AXIS_LABEL_WIDTH = 1040;
const AXIS_LABEL_HEIGHT = Math.ceil(AXIS_FONT_SIZE * LABEL_LINE_HEIGHT) + 4;
const AXIS_GAP = 12;
const CAPTION_INSET_X = 48;
// Below the top axis label (and above the bottom one), so a caption never runs into it.
const CAPTION_INSET_Y = AXIS_GAP + AXIS_LABEL_HEIGHT + 24;
const CAPTION_WIDTH = 720;
// Room for three lines of the longest caption at CAPTION_FONT_SIZE; a shorter box clips the last line.
const CAPTION_HEIGHT = Math.ceil(3 * CAPTION_FONT_SIZE * LABEL_LINE_HEIGHT) + 6;

/**
 * Every label of the matrix, placed: axis labels along the axes just inside each end,
 * quadrant captions in the quadrants' outer corners so notes placed near the centre —
 * where the discussion happens — do not cover them. The Measured view keeps every one of
 * these boxes clear of notes (measuredArrangement.ts).
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
      x: left ? box.minX + CAPTION_INSET_X : box.maxX - CAPTION_INSET_X - CAPTION_WIDTH,
      y: upper ? box.minY + CAPTION_INSET_Y : box.maxY - CAPTION_INSET_Y - CAPTION_HEIGHT,
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

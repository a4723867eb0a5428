// Where Cutler's matrix sits in board space, and how a note's free placement reads on its
// horizontal axis. The canvas draws the matrix from these numbers and the exports read a
// team's own placement from them, so a note left of the axis is "challenge" for both.
import { NOTE_WIDTH } from './schema.ts';

export const MATRIX_WIDTH = 2400;
export const MATRIX_HEIGHT = 1600;

/**
 * −1 (left edge) … +1 (right edge): where the team itself put the note's centre across
 * the matrix, whose vertical axis is at x = 0. Notes beyond an edge count as at the edge.
 */
export function placementAcross(belief: { x: number }): number {
  const centre = belief.x + NOTE_WIDTH / 2;
  return Math.min(1, Math.max(-1, centre / (MATRIX_WIDTH / 2)));
}

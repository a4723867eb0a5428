// The words for each point of the two scales, in one place: the list's radios, the
// canvas picker, the hover card and the exports all name a position the same way.
import type { PositionRecord, ScalePoint } from './schema.ts';

export const AGREEMENT_LABELS: Readonly<Record<ScalePoint, string>> = {
  [-2]: 'Strongly disagree',
  [-1]: 'Disagree',
  0: 'Neutral',
  1: 'Agree',
  2: 'Strongly agree',
};

export const PASS_LABEL = 'Pass';

/** Cutler's x-axis: is this convergence (or divergence) good for us? */
export const DIRECTION_LABELS: Readonly<Record<ScalePoint, string>> = {
  [-2]: 'Challenge / shift',
  [-1]: 'Lean challenge',
  0: 'Undecided',
  1: 'Lean maintain',
  2: 'Maintain / support',
};

/** How a scale point is written in figures: −2, −1, 0, +1, +2 (true minus sign). */
export function formatScalePoint(point: ScalePoint): string {
  return point > 0 ? `+${point}` : point < 0 ? `−${-point}` : '0';
}

/** A position in words and figures: "Agree (+1), Lean challenge (−1)"; "Pass"; "none yet". */
export function describePosition(position: PositionRecord | null): string {
  if (!position) return 'none yet';
  const agreement =
    position.agreement === 'pass'
      ? PASS_LABEL
      : `${AGREEMENT_LABELS[position.agreement]} (${formatScalePoint(position.agreement)})`;
  if (position.direction === null) return agreement;
  return `${agreement}, ${DIRECTION_LABELS[position.direction]} (${formatScalePoint(position.direction)})`;
}

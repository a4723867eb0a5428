// Cutler's belief-map matrix: its axis labels, its four quadrants in his words, and which
// quadrant a measured belief falls in. The backdrop, the measured view and the Markdown
// export all read the words from here, so they cannot drift apart.
import { CONVERGED_AT, DIVERGED_BELOW } from './stats.ts';

export type Quadrant = 'agree-good' | 'agree-stale' | 'tension-good' | 'must-resolve';

export const AXIS_LABELS = {
  convergence: {
    title: 'convergence',
    high: 'High convergence / Low divergence',
    low: 'Low convergence / High divergence',
  },
  direction: {
    title: 'is that convergence (or divergence) good for us?',
    left: 'Disrupt / Challenge / Shift / Not benefiting from',
    right: 'Maintain / Support / Continue / Benefit from',
  },
} as const;

export interface QuadrantInfo {
  caption: string;
  half: 'upper' | 'lower';
  side: 'left' | 'right';
}

export const QUADRANTS: Readonly<Record<Quadrant, QuadrantInfo>> = {
  'agree-good': { caption: 'We agree, and that is good!', half: 'upper', side: 'right' },
  'agree-stale': { caption: "I'm not sure we benefit from full agreement anymore…", half: 'upper', side: 'left' },
  'tension-good': {
    caption: 'We benefit from healthy tension and disagreement in this area.',
    half: 'lower',
    side: 'right',
  },
  'must-resolve': {
    caption: 'We have to learn and reduce uncertainty. We must resolve our differences.',
    half: 'lower',
    side: 'left',
  },
};

/**
 * Convergence on the matrix's horizontal midline: halfway between the badge thresholds
 * (0.625). Every "converged" belief then sits in the upper half and every "diverged" one
 * in the lower half, and the "mixed" band is split down its middle. A midline at 0.5 would
 * put a team spread evenly over four scale points (0.56) under "We agree"; one at 0.75
 * would put a team spread over three neighbouring points (0, +1, +2: 0.72) under "We must
 * resolve our differences".
 */
export const CONVERGENCE_MIDLINE = (DIVERGED_BELOW + CONVERGED_AT) / 2;

/**
 * Direction on the vertical midline. A team that is neutral about a belief (mean direction
 * exactly 0) is not asking to change it, so 0 counts as the maintain side.
 */
export const DIRECTION_MIDLINE = 0;

/**
 * The quadrant a belief falls in. `direction` is the team's mean direction (−2…+2) or,
 * when nobody gave one, the team's own horizontal placement on the matrix (−1…+1); both
 * put the midline at 0, and only the side of it matters here.
 */
export function quadrantOf(convergence: number, direction: number): Quadrant {
  const upper = convergence >= CONVERGENCE_MIDLINE;
  const right = direction >= DIRECTION_MIDLINE;
  if (upper) return right ? 'agree-good' : 'agree-stale';
  return right ? 'tension-good' : 'must-resolve';
}

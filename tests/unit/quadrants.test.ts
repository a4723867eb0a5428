import { describe, expect, it } from 'vitest';
import { AXIS_LABELS, CONVERGENCE_MIDLINE, QUADRANTS, quadrantOf, type Quadrant } from '../../shared/quadrants.ts';
import { convergenceOf } from '../../shared/stats.ts';

describe('quadrantOf', () => {
  it('names each corner of the matrix', () => {
    expect(quadrantOf(1, 2)).toBe('agree-good');
    expect(quadrantOf(1, -2)).toBe('agree-stale');
    expect(quadrantOf(0, 2)).toBe('tension-good');
    expect(quadrantOf(0, -2)).toBe('must-resolve');
  });

  it('splits convergence halfway between the badge thresholds', () => {
    expect(CONVERGENCE_MIDLINE).toBe(0.625);
    expect(quadrantOf(0.625, 1)).toBe('agree-good');
    expect(quadrantOf(0.6249, 1)).toBe('tension-good');
    // Every converged belief is upper, every diverged one lower.
    expect(quadrantOf(0.75, -1)).toBe('agree-stale');
    expect(quadrantOf(0.4999, -1)).toBe('must-resolve');
  });

  it('counts a neutral direction as the maintain side', () => {
    expect(quadrantOf(0.9, 0)).toBe('agree-good');
    expect(quadrantOf(0.1, -0.01)).toBe('must-resolve');
  });

  it('places the PRODUCT.md examples', () => {
    expect(quadrantOf(convergenceOf([1, 2, 1, 2]), 1.5)).toBe('agree-good');
    expect(quadrantOf(convergenceOf([-2, -1, 0, 1, 2]), -0.5)).toBe('must-resolve');
  });

  it('takes the team placement (−1…1) when nobody gave a direction', () => {
    expect(quadrantOf(0.3, 0.4)).toBe('tension-good');
    expect(quadrantOf(0.3, -0.4)).toBe('must-resolve');
  });

  it('agrees with the half and side each quadrant is drawn in', () => {
    for (const [quadrant, info] of Object.entries(QUADRANTS) as [Quadrant, (typeof QUADRANTS)[Quadrant]][]) {
      const convergence = info.half === 'upper' ? 0.9 : 0.2;
      const direction = info.side === 'right' ? 1 : -1;
      expect(quadrantOf(convergence, direction)).toBe(quadrant);
    }
  });
});

describe('matrix words', () => {
  it("are Cutler's, as PRODUCT.md quotes them", () => {
    expect(QUADRANTS['agree-good'].caption).toBe('We agree, and that is good!');
    expect(QUADRANTS['agree-stale'].caption).toBe("I'm not sure we benefit from full agreement anymore…");
    expect(QUADRANTS['tension-good'].caption).toBe('We benefit from healthy tension and disagreement in this area.');
    expect(QUADRANTS['must-resolve'].caption).toBe(
      'We have to learn and reduce uncertainty. We must resolve our differences.',
    );
    expect(AXIS_LABELS.convergence.high).toBe('High convergence / Low divergence');
    expect(AXIS_LABELS.convergence.low).toBe('Low convergence / High divergence');
    expect(AXIS_LABELS.direction.left).toBe('Disrupt / Challenge / Shift / Not benefiting from');
    expect(AXIS_LABELS.direction.right).toBe('Maintain / Support / Continue / Benefit from');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCALE, type PositionRecord, type ScalePoint } from '../../shared/schema.ts';
import {
  computeBeliefStats,
  convergenceBadge,
  convergenceOf,
  distributionOf,
  formatConvergence,
  isPolarized,
} from '../../shared/stats.ts';

const log2 = Math.log2;

function agreeing(...agreements: ScalePoint[]): PositionRecord[] {
  return agreements.map((agreement) => ({ agreement, direction: null, updatedAt: 0 }));
}

const pass: PositionRecord = { agreement: 'pass', direction: null, updatedAt: 0 };

/** Spreads counts over the scale −2…+2, like the paper's frequency vectors over 1…5. */
function fromCounts(counts: [number, number, number, number, number]): ScalePoint[] {
  return counts.flatMap((count, index) => Array<ScalePoint>(count).fill(SCALE[index]));
}

describe('convergence (Tastle–Wierman)', () => {
  it('is exactly 1 when everyone gives the same answer', () => {
    for (const point of SCALE) expect(convergenceOf([point, point, point])).toBe(1);
  });

  it('is exactly 0 when half sit at −2 and half at +2', () => {
    // μ = 0; every position is 2 from it: 1 + 1 · log2(1 − 2/4) = 1 − 1 = 0.
    expect(convergenceOf([-2, 2])).toBe(0);
    expect(convergenceOf([-2, -2, -2, 2, 2, 2])).toBe(0);
  });

  it('is 1 for a single position', () => {
    expect(convergenceOf([-1])).toBe(1);
  });

  it('refuses an empty list', () => {
    expect(() => convergenceOf([])).toThrow(RangeError);
  });

  it('gives the PRODUCT.md examples', () => {
    // 50/50 +1 and +2: μ = 1.5, both 0.5 away: 1 + log2(1 − 0.125) = 1 + log2(0.875) ≈ 0.8074.
    expect(convergenceOf([1, 2, 1, 2])).toBeCloseTo(1 + log2(0.875), 12);
    expect(convergenceOf([1, 2, 1, 2])).toBeCloseTo(0.81, 2);
    // Five people on five points: μ = 0, distances 2,1,0,1,2:
    // 1 + 0.2 · (2 · log2(0.5) + 2 · log2(0.75)) = 1 + 0.4 · (−1 − 0.4150) ≈ 0.4340.
    expect(convergenceOf([-2, -1, 0, 1, 2])).toBeCloseTo(1 + 0.4 * (-1 + log2(0.75)), 12);
    expect(convergenceOf([-2, -1, 0, 1, 2])).toBeCloseTo(0.43, 2);
  });

  // Proportions over a 1…5 Likert scale as the paper writes them; ours is −2…+2 with the
  // same d = 4, so point 1 is −2. The paper's two anchors come first; the others are
  // worked by hand from the formula.
  it('gives Tastle–Wierman values for five-point distributions', () => {
    // (0.5, 0, 0, 0, 0.5): no consensus at all.
    expect(convergenceOf(fromCounts([1, 0, 0, 0, 1]))).toBe(0);
    // (0.2, 0.2, 0.2, 0.2, 0.2): ≈ 0.43, "about 0.4".
    expect(convergenceOf(fromCounts([1, 1, 1, 1, 1]))).toBeCloseTo(0.434, 3);
    // (0, 0, 1, 0, 0): full consensus.
    expect(convergenceOf(fromCounts([0, 0, 4, 0, 0]))).toBe(1);
    // (0.5, 0, 0.5, 0, 0): μ = 2 (−1 here), both 1 away: 1 + log2(0.75) ≈ 0.5850.
    expect(convergenceOf(fromCounts([1, 0, 1, 0, 0]))).toBeCloseTo(0.585, 3);
    // (0.25, 0, 0.5, 0, 0.25): μ = 3; the halves at the ends are 2 away: 1 + 0.5 · log2(0.5) = 0.5.
    expect(convergenceOf(fromCounts([1, 0, 2, 0, 1]))).toBe(0.5);
    // (⅓, 0, ⅓, 0, ⅓): 1 + ⅔ · log2(0.5) = ⅓.
    expect(convergenceOf(fromCounts([1, 0, 1, 0, 1]))).toBeCloseTo(1 / 3, 12);
    // (0.1, 0.2, 0.4, 0.2, 0.1): 1 + 0.2 · (−1) + 0.4 · log2(0.75) ≈ 0.6340.
    expect(convergenceOf(fromCounts([1, 2, 4, 2, 1]))).toBeCloseTo(0.634, 3);
  });

  it('stays in [0, 1] and ignores the order of the positions', () => {
    const agreements = fc.array(fc.constantFrom(...SCALE), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(
        agreements.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        ([list, shuffled]) => {
          const convergence = convergenceOf(list);
          expect(convergence).toBeGreaterThanOrEqual(0);
          expect(convergence).toBeLessThanOrEqual(1);
          expect(convergenceOf(shuffled)).toBe(convergence);
        },
      ),
    );
  });

  it('is 1 exactly when all positions are equal', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SCALE), { minLength: 1, maxLength: 30 }), (list) => {
        expect(convergenceOf(list) === 1).toBe(new Set(list).size === 1);
      }),
    );
  });
});

describe('badge', () => {
  it('is converged at exactly 0.75', () => {
    // 6 at 0, one each at −2 and +2: μ = 0, 1 + ¼ · log2(0.5) = 0.75.
    const stats = computeBeliefStats(agreeing(0, 0, 0, 0, 0, 0, -2, 2));
    expect(stats.convergence).toBe(0.75);
    expect(stats.badge).toBe('converged');
  });

  it('is mixed at exactly 0.5', () => {
    const stats = computeBeliefStats(agreeing(-2, 0, 0, 2));
    expect(stats.convergence).toBe(0.5);
    expect(stats.badge).toBe('mixed');
  });

  it('is mixed just below 0.75 and diverged just below 0.5', () => {
    // 5 × +2, 1 × +1, 1 × 0: μ = 11/7; (5·log2(0.8929) + log2(0.8571) + log2(0.6071)) / 7 ≈ −0.2514.
    const nearlyConverged = computeBeliefStats(agreeing(2, 2, 2, 2, 2, 1, 0));
    expect(nearlyConverged.convergence).toBeCloseTo(0.7486, 4);
    expect(nearlyConverged.badge).toBe('mixed');
    // 1 × −2, 3 × 0, 1 × +1, 2 × +2: μ = 3/7, sum ≈ −0.50009.
    const nearlyMixed = computeBeliefStats(agreeing(-2, 0, 0, 0, 1, 2, 2));
    expect(nearlyMixed.convergence).toBeCloseTo(0.4999, 4);
    expect(nearlyMixed.badge).toBe('diverged');
  });

  it('maps each value to its band', () => {
    expect(convergenceBadge(null)).toBe('too-few');
    expect(convergenceBadge(1)).toBe('converged');
    expect(convergenceBadge(0.7499)).toBe('mixed');
    expect(convergenceBadge(0.5)).toBe('mixed');
    expect(convergenceBadge(0.4999)).toBe('diverged');
    expect(convergenceBadge(0)).toBe('diverged');
  });
});

describe('formatConvergence', () => {
  it('shows two decimals', () => {
    expect(formatConvergence(1)).toBe('1.00');
    expect(formatConvergence(0)).toBe('0.00');
    expect(formatConvergence(1 + log2(0.875))).toBe('0.81');
    expect(formatConvergence(1 + 0.4 * (-1 + log2(0.75)))).toBe('0.43');
  });

  it('never rounds up across a badge threshold', () => {
    expect(formatConvergence(0.748603)).toBe('0.74');
    expect(formatConvergence(0.499915)).toBe('0.49');
    expect(formatConvergence(0.75)).toBe('0.75');
    expect(formatConvergence(0.5)).toBe('0.50');
  });

  it('always reads as the same badge as the exact value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (convergence) => {
        expect(convergenceBadge(Number(formatConvergence(convergence)))).toBe(convergenceBadge(convergence));
      }),
    );
  });
});

describe('polarized', () => {
  // The rule (docs/statistics.md): n ≥ 4; a disagreeing camp (≤ −1) and an agreeing camp
  // (≥ +1), each of at least 2 people and a quarter of n; camp means more than 3 apart.
  const table: { answers: ScalePoint[]; polarized: boolean; why: string }[] = [
    { answers: [-1, 0, 1], polarized: false, why: 'three people, one mild voice each side: too few for camps, and 2 apart' },
    { answers: [-2, -2, 2, 2], polarized: true, why: 'two camps of two at the extremes, 4 apart' },
    { answers: [-2, -1, 0, 2], polarized: false, why: 'one person alone agrees: a lone voice is dissent, not a camp (the badge says diverged)' },
    { answers: [-2, -2, -1, 1, 2, 2], polarized: true, why: 'three against three, camp means −1.67 and +1.67, 3.33 apart' },
    { answers: [-1, -1, 1, 1], polarized: false, why: 'two camps, but mild leanings 2 apart: unsure, not split' },
    { answers: [-2, -2, 1, 1], polarized: false, why: 'camps exactly 3 apart, no further than an even spread' },
    { answers: [-2, -1, 0, 1, 2], polarized: false, why: 'five people on five points: spread, not camps (camp means −1.5 and +1.5)' },
    { answers: [-2, -2, -1, -1, 0, 0, 1, 1, 2, 2], polarized: false, why: 'an even spread, however many people' },
    { answers: [-2, -2, 0, 2, 2], polarized: true, why: 'two camps at the extremes around one neutral voice' },
    { answers: [-2, -2, -2, 2, 2, 2], polarized: true, why: 'an even split at the extremes' },
    { answers: [-2, 0, 0, 2], polarized: false, why: 'one person each side' },
    { answers: [-2, 1, 1, 1, 1, 1], polarized: false, why: 'a lone dissenter' },
    { answers: [-2, -2, 2, 2, 2, 2, 2, 2, 2], polarized: false, why: 'two dissenters are less than a quarter of nine' },
    { answers: [-2, -2, 2, 2, 2, 2, 2, 2], polarized: true, why: 'two of eight is a quarter: a camp' },
    { answers: [-2, -2, 0, 0, 0, 0, 0, 0, 2, 2], polarized: false, why: 'mostly neutral; the sides are a fifth each' },
    { answers: [0, 0, 0, 1, 2], polarized: false, why: 'nobody disagrees' },
    { answers: [-1, 1], polarized: false, why: 'too few' },
  ];
  it.each(table)('$answers → $polarized: $why', ({ answers, polarized }) => {
    expect(isPolarized(distributionOf(answers))).toBe(polarized);
  });

  it('does not depend on the order of the answers', () => {
    expect(isPolarized(distributionOf([2, -2, 2, -2]))).toBe(true);
    expect(isPolarized(distributionOf([1, -1, -2, 2, -2, 2]))).toBe(true);
  });

  it('counts only non-pass positions', () => {
    const stats = computeBeliefStats([...agreeing(-2, 2, 2), pass, pass, pass]);
    expect(stats.n).toBe(3);
    expect(stats.polarized).toBe(false);
    expect(computeBeliefStats([...agreeing(-2, -2, 2, 2), pass, pass, pass]).polarized).toBe(true);
  });
});

describe('computeBeliefStats', () => {
  it('describes a belief without positions', () => {
    expect(computeBeliefStats([])).toEqual({
      distribution: { [-2]: 0, [-1]: 0, 0: 0, 1: 0, 2: 0 },
      n: 0,
      passCount: 0,
      mean: null,
      convergence: null,
      badge: 'too-few',
      polarized: false,
      meanDirection: null,
      directionCount: 0,
    });
  });

  it('gives no mean and no convergence when everyone passed', () => {
    const stats = computeBeliefStats([pass, pass, pass, pass]);
    expect(stats).toMatchObject({ n: 0, passCount: 4, mean: null, convergence: null, badge: 'too-few', polarized: false });
  });

  it('says "too few" below three positions, whatever the passes', () => {
    const one = computeBeliefStats(agreeing(2));
    expect(one).toMatchObject({ n: 1, mean: 2, convergence: null, badge: 'too-few' });
    const two = computeBeliefStats([...agreeing(1, 2), pass, pass, pass]);
    expect(two).toMatchObject({ n: 2, passCount: 3, mean: 1.5, convergence: null, badge: 'too-few' });
  });

  it('counts, averages and measures the non-pass positions', () => {
    const stats = computeBeliefStats([...agreeing(1, 2, 1, 2), pass]);
    expect(stats.distribution).toEqual({ [-2]: 0, [-1]: 0, 0: 0, 1: 2, 2: 2 });
    expect(stats.n).toBe(4);
    expect(stats.passCount).toBe(1);
    expect(stats.mean).toBe(1.5);
    expect(stats.convergence).toBeCloseTo(0.8074, 4);
    expect(stats.badge).toBe('converged');
    expect(stats.polarized).toBe(false);
  });

  it('averages direction over the positions that gave one, passes included', () => {
    const stats = computeBeliefStats([
      { agreement: 1, direction: 2, updatedAt: 0 },
      { agreement: -1, direction: -1, updatedAt: 0 },
      { agreement: 'pass', direction: 2, updatedAt: 0 },
      { agreement: 0, direction: null, updatedAt: 0 },
    ]);
    expect(stats.directionCount).toBe(3);
    expect(stats.meanDirection).toBe(1);
    expect(computeBeliefStats(agreeing(1, 1, 1)).meanDirection).toBeNull();
  });

  it('keeps mean and mean direction on the scale', () => {
    const position = fc.record({
      agreement: fc.constantFrom<ScalePoint | 'pass'>(...SCALE, 'pass'),
      direction: fc.constantFrom<ScalePoint | null>(...SCALE, null),
      updatedAt: fc.constant(0),
    });
    fc.assert(
      fc.property(fc.array(position, { maxLength: 40 }), (positions) => {
        const stats = computeBeliefStats(positions);
        for (const value of [stats.mean, stats.meanDirection]) {
          if (value === null) continue;
          expect(value).toBeGreaterThanOrEqual(-2);
          expect(value).toBeLessThanOrEqual(2);
        }
        expect(stats.n + stats.passCount).toBe(positions.length);
      }),
    );
  });
});

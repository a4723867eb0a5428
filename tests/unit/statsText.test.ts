import { describe, expect, it } from 'vitest';
import { distributionOf } from '../../shared/stats.ts';
import { BADGE_WORDS, formatDistribution, formatMean } from '../../shared/statsText.ts';

describe('formatMean', () => {
  it('writes two decimals with a true minus sign', () => {
    expect(formatMean(5 / 3)).toBe('1.67');
    expect(formatMean(-1 / 3)).toBe('−0.33');
    expect(formatMean(-2)).toBe('−2.00');
    expect(formatMean(0)).toBe('0.00');
  });

  it('gives no sign to a mean that rounds to zero', () => {
    expect(formatMean(-0.001)).toBe('0.00');
    expect(formatMean(-0)).toBe('0.00');
  });
});

describe('formatDistribution', () => {
  it('lists every scale point, empty ones too, with true minus signs', () => {
    expect(formatDistribution(distributionOf([-2, 0, 0, 1, 1, 1, 2]))).toBe('−2:1 −1:0 0:2 +1:3 +2:1');
    expect(formatDistribution(distributionOf([]))).toBe('−2:0 −1:0 0:0 +1:0 +2:0');
  });
});

describe('BADGE_WORDS', () => {
  it('says "too few positions" instead of a badge', () => {
    expect(BADGE_WORDS['too-few']).toBe('too few positions');
    expect([BADGE_WORDS.converged, BADGE_WORDS.mixed, BADGE_WORDS.diverged]).toEqual(['converged', 'mixed', 'diverged']);
  });
});

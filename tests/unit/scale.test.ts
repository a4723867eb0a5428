import { describe, expect, it } from 'vitest';
import { describePosition, formatScalePoint } from '../../shared/scale.ts';

describe('formatScalePoint', () => {
  it('writes the points with a sign and a true minus', () => {
    expect([-2, -1, 0, 1, 2].map((p) => formatScalePoint(p as -2 | -1 | 0 | 1 | 2))).toEqual(['−2', '−1', '0', '+1', '+2']);
  });
});

describe('describePosition', () => {
  it('says when there is no position yet', () => {
    expect(describePosition(null)).toBe('none yet');
  });

  it('names the agreement in words and figures', () => {
    expect(describePosition({ agreement: -2, direction: null, updatedAt: 0 })).toBe('Strongly disagree (−2)');
    expect(describePosition({ agreement: 'pass', direction: null, updatedAt: 0 })).toBe('Pass');
  });

  it('adds the direction when one was given', () => {
    expect(describePosition({ agreement: 1, direction: -1, updatedAt: 0 })).toBe('Agree (+1), Lean challenge (−1)');
    expect(describePosition({ agreement: 'pass', direction: 2, updatedAt: 0 })).toBe('Pass, Maintain / support (+2)');
  });
});

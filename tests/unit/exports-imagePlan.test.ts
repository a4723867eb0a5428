// The PNG export's size: padding in image pixels, the chosen scale, and the cap that
// makes a huge board smaller instead of blank or cut off.
import { describe, expect, it } from 'vitest';
import { MAX_EXPORT_IMAGE_PIXELS, MAX_EXPORT_IMAGE_SIDE } from '../../shared/limits.ts';
import { planImage } from '../../client/export/imagePlan.ts';

describe('planImage', () => {
  it('adds the padding in image pixels at any scale', () => {
    const plan = planImage({ minX: 0, minY: 0, maxX: 200, maxY: 100 }, 2, 32);
    expect(plan).toEqual({ area: { minX: -16, minY: -16, maxX: 216, maxY: 116 }, pixelRatio: 2, width: 464, height: 264, capped: false });
  });

  it('lowers the scale of a board too wide for one picture, and says so', () => {
    const plan = planImage({ minX: 0, minY: 0, maxX: 20_000, maxY: 1_000 }, 3, 0);
    expect(plan.capped).toBe(true);
    expect(plan.width).toBeLessThanOrEqual(MAX_EXPORT_IMAGE_SIDE);
    expect(plan.height).toBe(Math.floor(1_000 * plan.pixelRatio));
  });

  it('keeps a huge square board within the pixel budget', () => {
    const plan = planImage({ minX: -6_000, minY: -6_000, maxX: 6_000, maxY: 6_000 }, 2, 0);
    expect(plan.capped).toBe(true);
    expect(plan.width * plan.height).toBeLessThanOrEqual(MAX_EXPORT_IMAGE_PIXELS);
    expect(plan.width).toBeGreaterThan(9_000);
  });
});

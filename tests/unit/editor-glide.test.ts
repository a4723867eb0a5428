import { describe, expect, it } from 'vitest';
import { displayedPosition, easeInOut, GLIDE_MS, stepToward } from '../../client/editor/layout/glide.ts';

describe('easeInOut', () => {
  it('starts at 0, ends at 1, and passes the middle at the middle', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(0.5)).toBe(0.5);
    expect(easeInOut(1)).toBe(1);
  });

  it('starts and stops gently and never runs backwards', () => {
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(0.9)).toBeGreaterThan(0.9);
    for (let t = 0; t < 1; t += 0.01) expect(easeInOut(t + 0.01)).toBeGreaterThanOrEqual(easeInOut(t));
  });

  it('clamps outside 0…1', () => {
    expect(easeInOut(-1)).toBe(0);
    expect(easeInOut(2)).toBe(1);
  });
});

describe('stepToward', () => {
  it('covers a whole glide in GLIDE_MS, in either direction', () => {
    expect(stepToward(0, 1, GLIDE_MS / 4)).toBeCloseTo(0.25);
    expect(stepToward(1, 0, GLIDE_MS / 4)).toBeCloseTo(0.75);
    expect(stepToward(0, 1, GLIDE_MS)).toBe(1);
  });

  it('stops exactly at the target, however late the frame', () => {
    expect(stepToward(0.9, 1, 10 * GLIDE_MS)).toBe(1);
    expect(stepToward(0.1, 0, 10 * GLIDE_MS)).toBe(0);
  });

  it('turns back from halfway in half the time', () => {
    expect(stepToward(0.5, 0, GLIDE_MS / 2)).toBe(0);
  });
});

describe('displayedPosition', () => {
  const free = { x: 100, y: -40 };
  const measured = { x: -900, y: 460 };

  it('is the note\'s own place in the free layout and its measured place at the end', () => {
    expect(displayedPosition(free, measured, 0)).toBe(free);
    expect(displayedPosition(free, measured, 1)).toBe(measured);
  });

  it('is halfway between them halfway through the glide', () => {
    expect(displayedPosition(free, measured, 0.5)).toEqual({ x: -400, y: 210 });
  });

  it('follows the eased curve between', () => {
    const at = displayedPosition(free, measured, 0.25);
    const t = easeInOut(0.25);
    expect(at.x).toBeCloseTo(100 - 1000 * t);
    expect(at.y).toBeCloseTo(-40 + 500 * t);
  });

  it('leaves a note the Measured view does not place where it is', () => {
    expect(displayedPosition(free, undefined, 0.5)).toBe(free);
  });
});

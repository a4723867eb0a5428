import { describe, expect, it } from 'vitest';
import { centerOf, MAX_SCALE } from '../../client/editor/viewport.ts';
import { followView, sameView } from '../../client/workshop/followView.ts';

describe('following someone\'s view', () => {
  it('puts the leader\'s centre in the middle of my canvas at the leader\'s zoom, keeping my size', () => {
    const leader = { x: 100, y: -50, scale: 2, width: 1600, height: 900 };
    const mine = { x: 0, y: 0, scale: 1, width: 800, height: 600 };
    const next = followView(mine, leader);
    expect(next.scale).toBe(2);
    expect([next.width, next.height]).toEqual([800, 600]);
    expect(centerOf(next)).toEqual(centerOf(leader));
  });

  it('keeps the zoom within my limits', () => {
    const next = followView({ x: 0, y: 0, scale: 1, width: 800, height: 600 }, { x: 0, y: 0, scale: 40, width: 800, height: 600 });
    expect(next.scale).toBe(MAX_SCALE);
  });

  it('tells a resize apart from a move', () => {
    const view = { x: 1, y: 2, scale: 1.5, width: 800, height: 600 };
    expect(sameView(view, { ...view, width: 1000 })).toBe(true);
    expect(sameView(view, { ...view, x: 3 })).toBe(false);
  });
});

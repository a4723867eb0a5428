import { describe, expect, it } from 'vitest';
import {
  boardToScreen,
  MAX_SCALE,
  pinchStep,
  screenToBoard,
  wheelDeltaPixels,
  wheelZoomFactor,
  ViewportStore,
  ZOOM_STEP,
  type Viewport,
} from '../../client/editor/viewport.ts';

const base: Viewport = { x: -100, y: -50, scale: 1, width: 800, height: 600 };

describe('wheel zoom', () => {
  it('normalises line and page deltas to pixels', () => {
    expect(wheelDeltaPixels(3, 0)).toBe(3);
    expect(wheelDeltaPixels(3, 1)).toBe(48);
    expect(wheelDeltaPixels(1, 2)).toBe(800);
  });

  it('zooms in when scrolling up and out when scrolling down, symmetrically', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(-100) * wheelZoomFactor(100)).toBeCloseTo(1);
  });

  it('makes one mouse-wheel notch about one zoom step', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1.15);
    expect(wheelZoomFactor(-100)).toBeLessThan(ZOOM_STEP * 1.1);
  });

  it('makes a small pinch delta a small zoom', () => {
    expect(wheelZoomFactor(-2)).toBeCloseTo(1.0168, 3);
  });
});

describe('pinchStep', () => {
  it('pans when both fingers move together', () => {
    const next = pinchStep(base, [{ x: 100, y: 100 }, { x: 200, y: 100 }], [{ x: 130, y: 120 }, { x: 230, y: 120 }]);
    expect(next.scale).toBe(1);
    expect(next.x).toBeCloseTo(base.x - 30);
    expect(next.y).toBeCloseTo(base.y - 20);
  });

  it('zooms around the midpoint when fingers spread', () => {
    const before: [{ x: number; y: number }, { x: number; y: number }] = [{ x: 300, y: 300 }, { x: 400, y: 300 }];
    const anchor = screenToBoard(base, { x: 350, y: 300 });
    const next = pinchStep(base, before, [{ x: 250, y: 300 }, { x: 450, y: 300 }]);
    expect(next.scale).toBeCloseTo(2);
    const mid = boardToScreen(next, anchor);
    expect(mid.x).toBeCloseTo(350);
    expect(mid.y).toBeCloseTo(300);
  });

  it('stays within the zoom limits', () => {
    const next = pinchStep({ ...base, scale: MAX_SCALE }, [{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 0, y: 0 }, { x: 100, y: 0 }]);
    expect(next.scale).toBe(MAX_SCALE);
  });
});

describe('the viewport store and the canvas’s first size', () => {
  it('tells its first size even when it equals the default, as the canvas draws nothing before it', () => {
    const viewport = new ViewportStore();
    const { width, height } = viewport.get();
    let told = 0;
    viewport.subscribe(() => told++);
    expect(viewport.measured).toBe(false);
    viewport.resize(width, height);
    expect(viewport.measured).toBe(true);
    expect(told).toBe(1);
    // After that, only a real change is news.
    viewport.resize(width, height);
    expect(told).toBe(1);
    viewport.resize(width + 10, height);
    expect(told).toBe(2);
  });
});

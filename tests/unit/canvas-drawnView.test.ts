// The canvas picture moved by CSS (client/canvas/drawnView.ts): wherever the camera goes
// without a redraw, the picture must cover the screen and put every board point where the
// camera would draw it; a redraw is asked for before that stops being true.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cssTransform, drawnViewFor, isSharp, needsRedraw, OVERSCAN_PX, pictureTransform } from '../../client/canvas/drawnView.ts';
import { boardToScreen, panBy, zoomAt, type Viewport } from '../../client/editor/viewport.ts';

const camera: Viewport = { x: -300, y: -200, scale: 0.8, width: 1000, height: 700 };

/** Where the picture shows the board point `p` on screen, with the CSS transform applied. */
function shownAt(v: Viewport, drawn: Viewport, p: { x: number; y: number }) {
  const { dx, dy, stretch } = pictureTransform(v, drawn);
  return { x: dx + (p.x - drawn.x) * drawn.scale * stretch, y: dy + (p.y - drawn.y) * drawn.scale * stretch };
}

function covers(v: Viewport, drawn: Viewport): boolean {
  const { dx, dy, stretch } = pictureTransform(v, drawn);
  return dx <= 0 && dy <= 0 && dx + drawn.width * stretch >= v.width && dy + drawn.height * stretch >= v.height;
}

describe('the drawn view', () => {
  it('is the screen with the overscan around it, drawn sharp and in place', () => {
    const drawn = drawnViewFor(camera);
    expect(drawn.width).toBe(camera.width + 2 * OVERSCAN_PX);
    expect(drawn.height).toBe(camera.height + 2 * OVERSCAN_PX);
    expect(pictureTransform(camera, drawn)).toEqual({ dx: -OVERSCAN_PX, dy: -OVERSCAN_PX, stretch: 1 });
    expect(cssTransform(pictureTransform(camera, drawn))).toBe(`translate(${-OVERSCAN_PX}px, ${-OVERSCAN_PX}px)`);
    expect(needsRedraw(camera, drawn)).toBe(false);
    expect(isSharp(camera, drawn)).toBe(true);
  });

  it('asks for a redraw before a pan uncovers the screen, not for a small one', () => {
    const drawn = drawnViewFor(camera);
    expect(needsRedraw(panBy(camera, 50, 0), drawn)).toBe(false);
    expect(needsRedraw(panBy(camera, OVERSCAN_PX, 0), drawn)).toBe(true);
    expect(needsRedraw(panBy(camera, 0, -OVERSCAN_PX), drawn)).toBe(true);
  });

  it('asks for a redraw when zooming in would blur the text, and when the screen is resized', () => {
    const drawn = drawnViewFor(camera);
    expect(needsRedraw(zoomAt(camera, 1.2), drawn)).toBe(false);
    expect(isSharp(zoomAt(camera, 1.2), drawn)).toBe(false);
    expect(needsRedraw(zoomAt(camera, 1.6), drawn)).toBe(true);
    expect(needsRedraw({ ...camera, width: camera.width + 10 }, drawn)).toBe(true);
  });

  it('drawn while zooming out, lasts while the camera keeps zooming out', () => {
    const drawn = drawnViewFor(camera, true);
    expect(needsRedraw(camera, drawn)).toBe(false);
    expect(needsRedraw(zoomAt(camera, 1 / 1.3), drawn)).toBe(false);
  });

  it('for any camera it serves, covers the screen and shows every point where the camera would (seeded)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.info(`drawn view cameras: seed ${seed} (rerun with SEED=${seed})`);
    const cameraArb = fc.record({
      x: fc.double({ min: -5000, max: 5000, noNaN: true }),
      y: fc.double({ min: -5000, max: 5000, noNaN: true }),
      scale: fc.double({ min: 0.1, max: 4, noNaN: true }),
      width: fc.integer({ min: 200, max: 2000 }),
      height: fc.integer({ min: 200, max: 1500 }),
    });
    fc.assert(
      fc.property(
        cameraArb,
        fc.boolean(),
        fc.double({ min: -400, max: 400, noNaN: true }),
        fc.double({ min: -400, max: 400, noNaN: true }),
        fc.double({ min: 0.6, max: 1.6, noNaN: true }),
        (start, zoomingOut, panX, panY, zoom) => {
          const drawn = drawnViewFor(start, zoomingOut);
          const now = zoomAt(panBy(start, panX, panY), zoom);
          if (needsRedraw(now, drawn)) return;
          expect(covers(now, drawn)).toBe(true);
          const point = { x: now.x + now.width / 3 / now.scale, y: now.y + now.height / 4 / now.scale };
          const expected = boardToScreen(now, point);
          const shown = shownAt(now, drawn, point);
          // Unstretched pictures are snapped to whole pixels: half a pixel at most.
          expect(Math.abs(shown.x - expected.x)).toBeLessThanOrEqual(0.5 + 1e-6);
          expect(Math.abs(shown.y - expected.y)).toBeLessThanOrEqual(0.5 + 1e-6);
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});

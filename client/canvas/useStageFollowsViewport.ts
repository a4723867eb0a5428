// Keeps the Konva stage in step with the camera without React: on a camera change the
// stage's picture is moved by CSS (drawnView.ts), and `drawn` — the view the stage draws,
// which the layers cull and size their bitmaps by — changes only when a new picture is
// needed. The container's data-viewport (for tests, see BoardCanvas.tsx) is written here
// too, so a pan frame re-renders no component.
import type Konva from 'konva';
import { useEffect, type RefObject } from 'react';
import { cssTransform, drawnViewFor, isSharp, needsRedraw, pictureTransform } from './drawnView.ts';
import type { Viewport, ViewportStore } from '../editor/viewport.ts';

/** After the camera has been still this long, the picture is drawn again at its exact zoom. */
const SETTLE_MS = 150;

export function useStageFollowsViewport(
  viewport: ViewportStore,
  drawn: ViewportStore,
  stageRef: RefObject<Konva.Stage | null>,
  containerRef: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const stage = stageRef.current;
    const container = containerRef.current;
    if (!stage || !container) return;
    const picture = stage.container();
    picture.style.transformOrigin = '0 0';
    picture.style.willChange = 'transform';

    // The view the canvas shows now: `drawn` runs ahead of it until Konva has drawn.
    let shown: Viewport = drawn.get();
    let frame = 0;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let lastScale = viewport.get().scale;

    const place = () => {
      const v = viewport.get();
      container.dataset.viewport = JSON.stringify({ x: v.x, y: v.y, scale: v.scale });
      picture.style.transform = cssTransform(pictureTransform(v, shown, window.devicePixelRatio || 1));
    };
    const redraw = (zoomingOut = false) => {
      const next = drawnViewFor(viewport.get(), zoomingOut);
      drawn.set(next);
      stage.setAttrs({
        width: next.width,
        height: next.height,
        x: -next.x * next.scale,
        y: -next.y * next.scale,
        scaleX: next.scale,
        scaleY: next.scale,
      });
      // Konva draws the new picture in its animation-frame callback, registered by the
      // changes above; this one runs after it, before the browser paints that frame.
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = 0;
        shown = next;
        place();
      });
    };
    const onChange = () => {
      if (!viewport.measured) return;
      if (!placed) {
        drawFirst();
        return;
      }
      const { scale } = viewport.get();
      if (needsRedraw(viewport.get(), drawn.get())) redraw(scale < lastScale);
      lastScale = scale;
      place();
      clearTimeout(settle);
      settle = setTimeout(() => {
        if (!isSharp(viewport.get(), drawn.get())) redraw();
      }, SETTLE_MS);
    };

    // The first picture waits for the canvas's real size: drawn at the store's default size
    // first, every layer's canvas was made twice, which cost the cold load of a big board
    // about 150 ms under software rendering (a canvas's backing store is made on first use).
    let placed = false;
    const drawFirst = () => {
      placed = true;
      redraw();
      // Nothing is drawn yet, so there is no older picture to keep in place.
      shown = drawn.get();
      place();
    };
    if (viewport.measured) drawFirst();
    const stop = viewport.subscribe(onChange);
    return () => {
      stop();
      cancelAnimationFrame(frame);
      clearTimeout(settle);
    };
  }, [viewport, drawn, stageRef, containerRef]);
}

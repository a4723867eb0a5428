// Draws a PNG of part of the board with the canvas's own components (the matrix backdrop
// and the notes, with their figures) on a Konva stage of its own, off screen: the live
// canvas mounts only the notes in view, and a picture of the whole board needs them all.
// The picture is drawn in bands, so a large one reports progress and never blocks the
// page for long. The export dialog (client/export/) asks for it through the page.
import type Konva from 'konva';
import type { ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { Stage } from 'react-konva';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { EditorProvider } from '../editor/EditorContext.tsx';
import { clampScale, ViewportStore, type Bounds } from '../editor/viewport.ts';
import { Backdrop } from './Backdrop.tsx';
import { CanvasState } from './canvasState.ts';
import { NotesLayers } from './NotesLayers.tsx';

/** Height of one band in image pixels: small enough that each draw is a short task. */
const BAND_PIXELS = 1024;

export interface PicturePlan {
  /** The board area drawn, in board units. */
  area: Bounds;
  /** Pixels per board unit. */
  pixelRatio: number;
  width: number;
  height: number;
}

export interface ImageOptions {
  plan: PicturePlan;
  background: 'transparent' | 'white';
  /** 0…1 as the bands are drawn. */
  onProgress(done: number): void;
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

export async function drawBoardPicture(editor: BoardEditor, options: ImageOptions): Promise<Blob> {
  return drawStagePicture(editor, options, (viewport) => (
    <>
      <Backdrop />
      <NotesLayers viewport={viewport} canvas={new CanvasState()} />
    </>
  ));
}

/**
 * Draws `layers` (Konva layers, rendered for `editor`, in the view of the plan's area at
 * its scale) into a PNG of the plan's size, band by band.
 */
export async function drawStagePicture(
  editor: BoardEditor,
  options: ImageOptions,
  layers: (viewport: ViewportStore) => ReactNode,
): Promise<Blob> {
  const { plan } = options;
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:1px;height:1px;overflow:hidden;';
  document.body.append(host);
  // The viewport the notes layer culls and picks its detail and bitmap resolution from:
  // the whole area, at the picture's scale.
  const viewport = new ViewportStore();
  viewport.set({
    x: plan.area.minX,
    y: plan.area.minY,
    scale: clampScale(plan.pixelRatio),
    width: plan.width,
    height: plan.height,
  });
  const root = createRoot(host);
  let stage: Konva.Stage | null = null;
  try {
    flushSync(() =>
      root.render(
        <EditorProvider editor={editor}>
          <Stage width={1} height={1} listening={false} ref={(node) => void (stage = node)}>
            {layers(viewport)}
          </Stage>
        </EditorProvider>,
      ),
    );
    // Layout effects have run; one frame lets text measurement and fonts settle.
    await nextFrame();
    if (!stage) throw new Error('The picture could not be prepared.');
    const drawn: Konva.Stage = stage;

    const image = document.createElement('canvas');
    image.width = plan.width;
    image.height = plan.height;
    const context = image.getContext('2d');
    if (!context) throw new Error('This browser cannot draw a picture that large.');
    if (options.background === 'white') {
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, plan.width, plan.height);
    }
    const bands = Math.ceil(plan.height / BAND_PIXELS);
    for (let band = 0; band < bands; band++) {
      const top = band * BAND_PIXELS;
      const height = Math.min(BAND_PIXELS, plan.height - top);
      const piece = drawn.toCanvas({
        x: plan.area.minX,
        y: plan.area.minY + top / plan.pixelRatio,
        width: plan.width / plan.pixelRatio,
        height: height / plan.pixelRatio,
        pixelRatio: plan.pixelRatio,
      });
      context.drawImage(piece, 0, top);
      options.onProgress((band + 1) / (bands + 1));
      await nextFrame();
    }
    const blob = await new Promise<Blob | null>((resolve) => image.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('This browser could not encode the picture as PNG.');
    options.onProgress(1);
    return blob;
  } finally {
    root.unmount();
    host.remove();
  }
}

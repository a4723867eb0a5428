// An extension point of the canvas that the product never fills. The benchmark pages
// (tests/bench/pages/) draw the stage their own way — the naive baseline — and time the
// product's; they install what they need before the app starts. Nothing in client/ calls
// extendCanvas, and the production build has no benchmark code (a test checks dist/).
import type Konva from 'konva';
import type { ComponentType, ReactNode, RefObject } from 'react';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import type { ViewportStore } from '../editor/viewport.ts';
import type { CanvasState } from './canvasState.ts';

/** What the canvas hands the component that draws its stage (BoardStage.tsx). */
export interface StageProps {
  stageRef: RefObject<Konva.Stage>;
  /** The canvas's element: the stage keeps its `data-viewport` for tests. */
  containerRef: RefObject<HTMLElement | null>;
  /** The view the stage draws, which the layers cull by (drawnView.ts). */
  drawn: ViewportStore;
  canvas: CanvasState;
  /** Layers the page adds above the notes, given the view they are drawn in. */
  layers?(view: ViewportStore): ReactNode;
}

export interface CanvasExtension {
  /** Draws the stage instead of BoardStage. */
  Stage?: ComponentType<StageProps>;
  /** Runs once the stage is mounted, with the board's editor; returns its cleanup. */
  onStageMounted?(stage: Konva.Stage, editor: BoardEditor): () => void;
}

let installed: CanvasExtension = {};

export function extendCanvas(extension: CanvasExtension): void {
  installed = extension;
}

export function canvasExtension(): CanvasExtension {
  return installed;
}

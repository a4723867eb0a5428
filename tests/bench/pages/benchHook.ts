// The canvas benchmark's hook on the page (tests/bench/canvas.bench.ts), installed by the
// bench page (benchMain.tsx) through the canvas's extension point: window.__beliefmapBench,
// to set the camera and to time how long a colleague's move takes to reach the canvas.
import type Konva from 'konva';
import type { BoardEditor } from '../../../client/editor/BoardEditor.ts';
import type { Viewport } from '../../../client/editor/viewport.ts';

/** What the bench page puts on window.__beliefmapBench. */
export interface BenchHook {
  viewport(): Viewport;
  /** Moves the camera: board point at the top-left corner and zoom. */
  setViewport(patch: Partial<Pick<Viewport, 'x' | 'y' | 'scale'>>): void;
  /**
   * Milliseconds from each remote update applied to the document (the Y.Doc 'update'
   * event of a change that came through the relay) to the end of the next draw of the
   * notes layer, which shows it: one entry per remote update since the last call.
   */
  takeRemoteApplyTimes(): number[];
  /** Notes layer draws so far (a draw is one full repaint of that layer's canvas). */
  notesDraws(): number;
}

type BenchWindow = Window & { __beliefmapBench?: BenchHook };

/** Puts the hook on window while the stage is mounted; returns the way to take it off. */
export function installBenchHook(stage: Konva.Stage, editor: BoardEditor): () => void {
  const { session, viewport } = editor;
  const pending: number[] = [];
  const times: number[] = [];
  let draws = 0;
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === session.provider) pending.push(performance.now());
  };
  const onDraw = () => {
    draws++;
    const now = performance.now();
    for (const at of pending) times.push(now - at);
    pending.length = 0;
  };
  session.doc.on('update', onUpdate);
  // The product names its resting notes' layer "notes" for this (client/canvas/NotesLayers.tsx).
  const layers = stage.find('.notes');
  for (const layer of layers) layer.on('draw', onDraw);
  (window as BenchWindow).__beliefmapBench = {
    viewport: () => viewport.get(),
    setViewport: (patch) => viewport.set({ ...viewport.get(), ...patch }),
    takeRemoteApplyTimes: () => times.splice(0),
    notesDraws: () => draws,
  };
  return () => {
    session.doc.off('update', onUpdate);
    for (const layer of layers) layer.off('draw', onDraw);
    delete (window as BenchWindow).__beliefmapBench;
  };
}

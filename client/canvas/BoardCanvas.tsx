// The board canvas: a react-konva Stage that fills its parent, kept in step with the
// ViewportStore (the single source of truth for where board points are on screen).
//
// Layers, split by how often they change (Excalidraw's Renderer, Konva's guidance):
//   backdrop     the Belief map matrix; static               (Backdrop.tsx)
//   notes        resting notes, culled, cached as bitmaps    (NotesLayers.tsx)
//   dragging     the notes I am dragging                     (NotesLayers.tsx)
//   interaction  selections, marquee, colleagues' cursors    (InteractionLayer.tsx)
// The stage follows the camera by CSS and draws a view a little larger than the screen
// (useStageFollowsViewport.ts, drawnView.ts); the layers cull and scale by that drawn view.
// None listens for events: input is handled in usePointerGestures.ts. A layer with
// nothing to draw is hidden, so the browser does not composite an empty canvas. The
// background is plain: a dot grid (as a CSS gradient) doubled the cost of a pan frame
// under software rendering.
//
// Over the stage, as HTML: the text editor, the position picker beside the selected note,
// and the figures card of the note the pointer rests on.
//
// For end-to-end tests and benchmarks the container carries data-testid="board-canvas",
// data-viewport='{"x":…,"y":…,"scale":…}' (the board point at the top-left corner and
// the zoom), so a test can compute where a board point is on screen:
// screen = (board − {x, y}) × scale, relative to the container; and data-layout, "free"
// or "measured", the layout the notes are drawn in (or gliding to); and
// data-movement-arrows, how many movement arrows between rounds are drawn.
//
// benchMode.ts marks `board-first-render`; with `?bench` it exposes a measuring hook, and
// with `?naive` the benchmark's naive baseline (NaiveNotes.tsx) replaces NotesLayers.
import type Konva from 'konva';
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Stage } from 'react-konva';
import type { ActionContext } from '../editor/actions.ts';
import { Backdrop } from './Backdrop.tsx';
import { NAIVE_MODE, useBenchHook, useFirstRenderMark, useNaiveStage } from './benchMode.ts';
import { CanvasState } from './canvasState.ts';
import { OVERSCAN_PX } from './drawnView.ts';
import { InteractionLayer } from './InteractionLayer.tsx';
import { NaiveNotes } from './NaiveNotes.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { NotesLayers } from './NotesLayers.tsx';
import { HoverCard, PositionPicker, preloadCanvasPartsWhenIdle } from './onDemandCanvasParts.tsx';
import { useNoteHover } from './useNoteHover.ts';
import { usePointerGestures } from './usePointerGestures.ts';
import { useStageFollowsViewport } from './useStageFollowsViewport.ts';
import { ViewportStore } from '../editor/viewport.ts';
import { PrivateNotesOverlay } from '../workshop/PrivateNotesOverlay.tsx';
import { useMovementArrows } from '../workshop/useMovement.ts';

const CANVAS_BACKGROUND = '#f8f9fa';

export function BoardCanvas({ ctx }: { ctx: ActionContext }) {
  const { session, viewport, layout } = ctx;
  const containerRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const canvas = useMemo(() => new CanvasState(), []);
  const drawn = useMemo(() => new ViewportStore(), []);
  const mode = useSyncExternalStore(layout.mode.subscribe, layout.mode.get);
  const movements = useMovementArrows(session, layout);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(([entry]) => {
      viewport.resize(Math.round(entry.contentRect.width), Math.round(entry.contentRect.height));
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [viewport]);

  usePointerGestures(hostRef, containerRef, session, viewport, layout, canvas, ctx.report);
  useNoteHover(hostRef, session, viewport, layout, canvas);
  useFirstRenderMark(session);
  useEffect(preloadCanvasPartsWhenIdle, []);
  useBenchHook(session, viewport, stageRef);
  const naiveStage = useNaiveStage(viewport);
  useStageFollowsViewport(viewport, drawn, stageRef, containerRef, naiveStage === null);

  return (
    <div
      ref={containerRef}
      tabIndex={0}
      aria-label="Board canvas"
      data-testid="board-canvas"
      data-viewport={naiveStage?.dataViewport}
      data-layout={mode}
      data-movement-arrows={movements.length}
      style={{
        position: 'relative',
        width: '100%',
        height: '100%',
        overflow: 'hidden',
        background: CANVAS_BACKGROUND,
      }}
    >
      <div ref={hostRef} style={{ position: 'absolute', inset: 0, touchAction: 'none', userSelect: 'none' }}>
        <Stage ref={stageRef} listening={NAIVE_MODE} {...naiveStage?.stage}>
          <Backdrop session={session} layout={layout} />
          {NAIVE_MODE ? (
            <NaiveNotes session={session} layout={layout} />
          ) : (
            <NotesLayers session={session} viewport={drawn} overscan={OVERSCAN_PX} layout={layout} canvas={canvas} />
          )}
          <InteractionLayer session={session} viewport={naiveStage ? viewport : drawn} layout={layout} canvas={canvas} />
        </Stage>
      </div>
      <NoteEditor session={session} viewport={viewport} layout={layout} returnFocusRef={containerRef} />
      <PositionPicker ctx={ctx} canvas={canvas} />
      <HoverCard session={session} viewport={viewport} layout={layout} canvas={canvas} />
      <PrivateNotesOverlay session={session} viewport={viewport} returnFocusRef={containerRef} />
    </div>
  );
}

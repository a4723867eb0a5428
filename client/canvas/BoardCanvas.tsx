// The board canvas: the stage (BoardStage.tsx) filling its parent, kept in step with the
// editor's camera, with the pointer's gestures (usePointerGestures.ts) and, over the stage
// as HTML, the text editor, the position picker beside the selected note, and the figures
// card of the note the pointer rests on. The page adds its own layers and overlays (the
// workshop's) through `layers` and `overlays`. The background is plain: a dot grid (as a
// CSS gradient) doubled the cost of a pan frame under software rendering.
//
// For end-to-end tests and benchmarks the container carries data-testid="board-canvas",
// data-viewport='{"x":…,"y":…,"scale":…}' (the board point at the top-left corner and
// the zoom), so a test can compute where a board point is on screen:
// screen = (board − {x, y}) × scale, relative to the container; data-layout, "free" or
// "measured", the layout the notes are drawn in (or gliding to); and whatever `testData`
// the page adds (data-movement-arrows: how many movement arrows between rounds are drawn).
import type Konva from 'konva';
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { ViewportStore } from '../editor/viewport.ts';
import { useValue } from '../state/hooks.ts';
import { BoardStage } from './BoardStage.tsx';
import { canvasExtension } from './canvasExtension.ts';
import { CanvasState } from './canvasState.ts';
import { useFirstRenderMark } from './firstRenderMark.ts';
import { NoteEditor } from './NoteEditor.tsx';
import { HoverCard, PositionPicker, preloadCanvasPartsWhenIdle } from './onDemandCanvasParts.tsx';
import { useNoteHover } from './useNoteHover.ts';
import { usePointerGestures } from './usePointerGestures.ts';

const CANVAS_BACKGROUND = '#f8f9fa';

interface BoardCanvasProps {
  /** Konva layers drawn above the notes and below selections and cursors, in the given view. */
  layers?(view: ViewportStore): ReactNode;
  /** HTML over the stage; `returnFocusRef` is where focus goes when one of them closes. */
  overlays?(returnFocusRef: RefObject<HTMLElement | null>): ReactNode;
  /** Extra data-* attributes for tests: { 'movement-arrows': 2 } is data-movement-arrows="2". */
  testData?: Record<string, string | number>;
}

export function BoardCanvas({ layers, overlays, testData }: BoardCanvasProps) {
  const editor = useEditor();
  const containerRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const canvas = useMemo(() => new CanvasState(), []);
  const drawn = useMemo(() => new ViewportStore(), []);
  const mode = useValue(editor.layout.mode);
  const { Stage = BoardStage, onStageMounted } = canvasExtension();

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // Measured now, before the first paint, not when the observer first reports: that comes
    // in the rendering of the first frame, after its animation-frame callbacks, and a board
    // loaded by then (2,000 notes from the relay's copy, applied while the page starts) was
    // first drawn at the default size, unframed, then framed and drawn again in that same
    // frame (0.2 s; docs/performance.md).
    const { width, height } = container.getBoundingClientRect();
    if (width > 0 && height > 0) editor.viewport.resize(Math.round(width), Math.round(height));
    const observer = new ResizeObserver(([entry]) => {
      editor.viewport.resize(Math.round(entry.contentRect.width), Math.round(entry.contentRect.height));
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [editor]);

  usePointerGestures(hostRef, containerRef, canvas);
  useNoteHover(hostRef);
  useFirstRenderMark();
  useEffect(preloadCanvasPartsWhenIdle, []);
  useEffect(() => {
    const stage = stageRef.current;
    return stage && onStageMounted ? onStageMounted(stage, editor) : undefined;
  }, [editor, onStageMounted]);

  const data = Object.fromEntries(Object.entries(testData ?? {}).map(([name, value]) => [`data-${name}`, value]));
  return (
    <div
      ref={containerRef}
      tabIndex={0}
      aria-label="Board canvas"
      data-testid="board-canvas"
      data-layout={mode}
      {...data}
      style={{
        position: 'relative',
        width: '100%',
        height: '100%',
        overflow: 'hidden',
        background: CANVAS_BACKGROUND,
      }}
    >
      <div ref={hostRef} style={{ position: 'absolute', inset: 0, touchAction: 'none', userSelect: 'none' }}>
        <Stage stageRef={stageRef} containerRef={containerRef} drawn={drawn} canvas={canvas} layers={layers} />
      </div>
      <NoteEditor returnFocusRef={containerRef} />
      <PositionPicker canvas={canvas} />
      <HoverCard />
      {overlays?.(containerRef)}
    </div>
  );
}

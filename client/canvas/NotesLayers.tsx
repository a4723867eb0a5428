// The notes, on two layers: the resting notes, and the notes I am dragging, so a drag
// repaints only the few notes that move. Only notes on screen are mounted (viewport
// culling), and far out, where text would be unreadable, notes are plain coloured boxes.
import { memo, useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import { Layer, Shape } from 'react-konva';
import type Konva from 'konva';
import { noteFill } from '../../shared/colors.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useBeliefsVersion } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import type { BoardLayout } from './boardLayout.ts';
import type { CanvasState } from './canvasState.ts';
import { Note } from './Note.tsx';
import { noteLayout } from './noteLayout.ts';
import { notesTouching, sameIds } from './noteGeometry.ts';
import { visibleBounds, type Viewport, type ViewportStore } from './viewport.ts';

/** Below this zoom a note's text is a few pixels tall: draw boxes only. */
export const DETAIL_MIN_SCALE = 0.35;
/** More notes than this on screen and shadows go: a blurred shadow is the costliest paint. */
export const SHADOW_MAX_NOTES = 150;
/** Notes just off screen stay mounted, so a short pan does not mount and unmount them. */
const CULL_MARGIN_PX = 120;

/** Ids of the notes on (or just off) screen where they are drawn, in drawing order; the same array while unchanged. */
function useVisibleIds(session: BoardSession, viewport: ViewportStore, layout: BoardLayout): string[] {
  const last = useRef<{ viewport: Viewport | null; version: number; layoutKey: string; ids: string[] }>({
    viewport: null,
    version: -1,
    layoutKey: '',
    ids: [],
  });
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopViewport = viewport.subscribe(listener);
      const stopBeliefs = session.beliefs.subscribeAny(listener);
      const stopLayout = layout.subscribe(listener);
      return () => {
        stopViewport();
        stopBeliefs();
        stopLayout();
      };
    },
    [session, viewport, layout],
  );
  const getSnapshot = useCallback(() => {
    const v = viewport.get();
    const version = session.beliefs.getVersion();
    const layoutKey = layout.contentKey();
    const cached = last.current;
    if (cached.viewport === v && cached.version === version && cached.layoutKey === layoutKey) return cached.ids;
    const ids = notesTouching(session.beliefs.getIds(), layout.boxOf, visibleBounds(v, CULL_MARGIN_PX / v.scale));
    last.current = { viewport: v, version, layoutKey, ids: sameIds(ids, cached.ids) ? cached.ids : ids };
    return last.current.ids;
  }, [session, viewport, layout]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

interface NotesLayersProps {
  session: BoardSession;
  viewport: ViewportStore;
  layout: BoardLayout;
  canvas: CanvasState;
}

export const NotesLayers = memo(function NotesLayers({ session, viewport, layout, canvas }: NotesLayersProps) {
  const visible = useVisibleIds(session, viewport, layout);
  const detailed = useSyncExternalStore(viewport.subscribe, () => viewport.get().scale >= DETAIL_MIN_SCALE);
  const dragging = useSyncExternalStore(canvas.dragging.subscribe, canvas.dragging.get);
  const [resting, moving] = useMemo(
    () => (dragging.size === 0 ? [visible, []] : [visible.filter((id) => !dragging.has(id)), visible.filter((id) => dragging.has(id))]),
    [visible, dragging],
  );
  const shadow = visible.length <= SHADOW_MAX_NOTES;
  const draw = (ids: string[]) =>
    detailed
      ? ids.map((id) => <Note key={id} session={session} viewport={viewport} layout={layout} id={id} shadow={shadow} />)
      : <NoteBoxes session={session} layout={layout} ids={ids} />;
  return (
    <>
      {/* Named for the benchmark hook (benchMode.ts), which times this layer's draws. */}
      <Layer listening={false} name="notes">
        {draw(resting)}
      </Layer>
      <Layer listening={false} visible={moving.length > 0}>
        {draw(moving)}
      </Layer>
    </>
  );
});

/** The zoomed-out view: every visible note as one filled box, all in a single shape. */
function NoteBoxes({ session, layout, ids }: { session: BoardSession; layout: BoardLayout; ids: string[] }) {
  // A move anywhere changes this picture, so it redraws on every belief change and glide frame.
  useBeliefsVersion(session);
  useSyncExternalStore(layout.subscribe, () => layout.contentKey());
  const sceneFunc = (context: Konva.Context) => {
    for (const id of ids) {
      const belief = session.beliefs.get(id);
      const at = layout.positionOf(id);
      if (!belief || !at) continue;
      context.fillStyle = noteFill(belief.color);
      context.fillRect(at.x, at.y, NOTE_WIDTH, noteLayout(belief.text).height);
    }
  };
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
}

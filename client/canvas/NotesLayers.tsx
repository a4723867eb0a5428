// The notes, on two layers: the resting notes, and the notes I am dragging, so a drag
// repaints only the few notes that move. Only notes in the view the stage draws are
// mounted (culling; that view changes only when the stage draws a new picture, see
// drawnView.ts). Far out, where their text would be too small to read, notes show a short
// bold label and their badge instead (NoteLabels.tsx, editor/layout/readability.ts); with
// hundreds on screen, where a label would not fit a word, plain coloured boxes.

import { memo, useCallback, useMemo, useRef, useSyncExternalStore } from 'react';
import { Layer, Shape } from 'react-konva';
import type Konva from 'konva';
import { noteFill } from '../../shared/colors.ts';
import { NOTE_WIDTH } from '../../shared/schema.ts';
import { useBeliefsVersion } from '../state/hooks.ts';
import { workshopStore } from '../state/workshopStore.ts';
import { LABEL_MAX_NOTES, PROJECTOR_TYPE, SCREEN_TYPE, showsFullText, type TypeSizes } from '../editor/layout/readability.ts';
import { NoteLabels } from './NoteLabels.tsx';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import type { CanvasState } from './canvasState.ts';
import { Note } from './Note.tsx';
import { noteLayout } from '../editor/layout/noteLayout.ts';
import { notesTouching, sameIds } from '../editor/layout/noteGeometry.ts';
import { visibleBounds, type Viewport, type ViewportStore } from '../editor/viewport.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useRoundHeadcount } from '../state/roundHooks.ts';

/** More notes than this on screen and shadows go: a blurred shadow is the costliest paint. */
export const SHADOW_MAX_NOTES = 150;
/** A note just outside the drawn view still casts its shadow into it. */
const CULL_MARGIN_PX = 12;

interface Visible {
  /** Ids of the notes in the drawn view, in drawing order. */
  ids: string[];
  /** How many of them are on screen, the overscan left out. */
  onScreen: number;
}

/** The notes in the drawn view where they are drawn; the same object while unchanged. */
function useVisible({ session, layout }: BoardEditor, viewport: ViewportStore, overscan: number): Visible {
  const last = useRef<{ viewport: Viewport | null; version: number; layoutKey: string; visible: Visible }>({
    viewport: null,
    version: -1,
    layoutKey: '',
    visible: { ids: [], onScreen: 0 },
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
    if (cached.viewport === v && cached.version === version && cached.layoutKey === layoutKey) return cached.visible;
    const ids = notesTouching(session.beliefs.getIds(), layout.boxOf, visibleBounds(v, CULL_MARGIN_PX / v.scale));
    const onScreen = overscan === 0 ? ids.length : notesTouching(ids, layout.boxOf, visibleBounds(v, -overscan / v.scale)).length;
    const same = sameIds(ids, cached.visible.ids) && onScreen === cached.visible.onScreen;
    last.current = { viewport: v, version, layoutKey, visible: same ? cached.visible : { ids, onScreen } };
    return last.current.visible;
  }, [session, viewport, layout, overscan]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

interface NotesLayersProps {
  /** The view the stage draws. */
  viewport: ViewportStore;
  /** Screen pixels of that view drawn beyond each edge of the screen. */
  overscan?: number;
  canvas: CanvasState;
}

export const NotesLayers = memo(function NotesLayers({ viewport, overscan = 0, canvas }: NotesLayersProps) {
  const { ids: visible, onScreen } = useVisible(useEditor(), viewport, overscan);
  const { session } = useEditor();
  const presenting = useSyncExternalStore(workshopStore(session.doc).subscribe, () => workshopStore(session.doc).get().state.presenting !== null);
  const sizes: TypeSizes = presenting ? PROJECTOR_TYPE : SCREEN_TYPE;
  const scale = useSyncExternalStore(viewport.subscribe, () => viewport.get().scale);
  const detail = noteDetail(scale, onScreen, sizes);
  const dragging = useSyncExternalStore(canvas.dragging.subscribe, canvas.dragging.get);
  const [resting, moving] = useMemo(
    () => (dragging.size === 0 ? [visible, []] : [visible.filter((id) => !dragging.has(id)), visible.filter((id) => dragging.has(id))]),
    [visible, dragging],
  );
  const shadow = onScreen <= SHADOW_MAX_NOTES;
  const roundHeadcount = useRoundHeadcount(session);
  const draw = (ids: string[]) =>
    detail === 'text' ? ids.map((id) => <Note key={id} viewport={viewport} id={id} shadow={shadow} roundHeadcount={roundHeadcount} />)
    : detail === 'label' ? <NoteLabels ids={ids} scale={scale} sizes={sizes} />
    : <NoteBoxes ids={ids} />;
  return (
    <>
      {/* Named for the benchmark pages (tests/bench/pages/), which time this layer's draws. */}
      <Layer listening={false} name="notes">
        {draw(resting)}
      </Layer>
      <Layer listening={false} visible={moving.length > 0}>
        {draw(moving)}
      </Layer>
    </>
  );
});

export type NoteDetail = 'text' | 'label' | 'boxes';

/** What the notes show at `scale` with `onScreen` of them on screen. */
export function noteDetail(scale: number, onScreen: number, sizes: TypeSizes): NoteDetail {
  if (showsFullText(scale, sizes)) return 'text';
  return onScreen <= LABEL_MAX_NOTES ? 'label' : 'boxes';
}

/** The crowded view: every visible note as one filled box, all in a single shape. */
function NoteBoxes({ ids }: { ids: string[] }) {
  const { session, layout } = useEditor();
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

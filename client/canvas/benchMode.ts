// Measuring the canvas honestly (docs/performance.md, tests/bench/coldload.bench.ts and
// canvas.bench.ts).
//
// Always on, and free: the mark `board-first-render` — the end of the first animation
// frame after the board is first loaded, that is after the relay's first sync reply or
// after this browser's offline copy holding the board, whichever comes first
// (session.loaded). Every belief is then in the document, React commits the notes in a
// microtask right after the update (useSyncExternalStore updates are synchronous), and
// Konva draws them in the next animation frame, in a callback registered before ours: so
// the mark is taken right after the canvas has drawn the loaded board. Read it with
// performance.getEntriesByName('board-first-render'); its detail says which source loaded.
//
// Only with `?bench` in the page's URL: window.__beliefmapBench, to set the viewport and
// to time how long a colleague's move takes to reach the canvas. Only with `?naive`: the
// naive baseline drawing (NaiveNotes.tsx) instead of NotesLayers. Neither flag changes
// anything otherwise.
import type Konva from 'konva';
import { useEffect, useSyncExternalStore, type RefObject } from 'react';
import type { BoardSession } from '../state/session.ts';
import type { Viewport, ViewportStore } from '../editor/viewport.ts';

export const FIRST_RENDER_MARK = 'board-first-render';

function hasFlag(name: string): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).has(name);
}

/** `?bench`: the measuring hook on window. */
export const BENCH_MODE = hasFlag('bench');
/** `?naive`: the naive baseline drawing of the notes, for the canvas benchmark only. */
export const NAIVE_MODE = hasFlag('naive');

/** Takes the `board-first-render` mark once per page. */
export function useFirstRenderMark(session: BoardSession): void {
  useEffect(() => {
    let live = true;
    void session.loaded.then((source) => {
      requestAnimationFrame(() => {
        if (!live || performance.getEntriesByName(FIRST_RENDER_MARK).length > 0) return;
        performance.mark(FIRST_RENDER_MARK, { detail: { source, beliefs: session.beliefs.getIds().length } });
      });
    });
    return () => {
      live = false;
    };
  }, [session]);
}

/** What `?bench` puts on window.__beliefmapBench. */
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

export function useBenchHook(session: BoardSession, viewport: ViewportStore, stage: RefObject<Konva.Stage | null>): void {
  useEffect(() => {
    if (!BENCH_MODE) return;
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
    const layers = stage.current?.find('.notes') ?? [];
    for (const layer of layers) layer.on('draw', onDraw);
    const hook: BenchHook = {
      viewport: () => viewport.get(),
      setViewport: (patch) => viewport.set({ ...viewport.get(), ...patch }),
      takeRemoteApplyTimes: () => times.splice(0),
      notesDraws: () => draws,
    };
    (window as unknown as { __beliefmapBench?: BenchHook }).__beliefmapBench = hook;
    return () => {
      session.doc.off('update', onUpdate);
      for (const layer of layers) layer.off('draw', onDraw);
      delete (window as unknown as { __beliefmapBench?: BenchHook }).__beliefmapBench;
    };
  }, [session, viewport, stage]);
}

const NOTHING_TO_FOLLOW = () => () => {};
const NO_VIEW = () => null;

/**
 * `?naive`: the stage as the baseline has it, re-rendered by React at the camera's view on
 * every change, with the container's data-viewport; null otherwise (the stage then
 * follows the camera by itself, useStageFollowsViewport.ts).
 */
export function useNaiveStage(viewport: ViewportStore) {
  const v = useSyncExternalStore(NAIVE_MODE ? viewport.subscribe : NOTHING_TO_FOLLOW, NAIVE_MODE ? viewport.get : NO_VIEW);
  if (!v) return null;
  return {
    dataViewport: JSON.stringify({ x: v.x, y: v.y, scale: v.scale }),
    stage: { width: v.width, height: v.height, x: -v.x * v.scale, y: -v.y * v.scale, scaleX: v.scale, scaleY: v.scale },
  };
}

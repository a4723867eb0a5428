// Always on, and free: the performance mark `board-first-render` — the end of the first
// animation frame after the board is first loaded, that is after the relay's first sync
// reply, after the relay's copy of a big board, or after this browser's offline copy
// holding the board, whichever comes first (session.loaded). Every belief is then in the
// document, React commits the notes in a microtask right after the update
// (useSyncExternalStore updates are synchronous), and Konva draws them in the next
// animation frame, in a callback registered before ours: so the mark is taken right after
// the canvas has drawn the loaded board. That drawing is the one painted: the canvas knows
// its size before the board loads (BoardCanvas.tsx) and the board is framed as it loads
// (BoardScreen.tsx), so no resize observer frames it and draws it again later in the frame
// (0.2 s once, which this mark did not count). Read it with
// performance.getEntriesByName('board-first-render'); its detail says which source loaded.
// The cold-load benchmark (tests/bench/coldload.bench.ts) measures the product by it.
import { useEffect } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';

export const FIRST_RENDER_MARK = 'board-first-render';

/**
 * Takes the `board-first-render` mark once per page. Its detail also has the camera the
 * board was first drawn with (`drawnAt`: x, y, scale): the framed one.
 */
export function useFirstRenderMark(): void {
  const { session, viewport } = useEditor();
  useEffect(() => {
    let live = true;
    void session.loaded.then((source) => {
      requestAnimationFrame(() => {
        if (!live || performance.getEntriesByName(FIRST_RENDER_MARK).length > 0) return;
        const { x, y, scale } = viewport.get();
        performance.mark(FIRST_RENDER_MARK, { detail: { source, beliefs: session.beliefs.getIds().length, drawnAt: { x, y, scale } } });
      });
    });
    return () => {
      live = false;
    };
  }, [session, viewport]);
}

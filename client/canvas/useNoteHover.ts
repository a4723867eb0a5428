// Opens a note's figures card when the pointer rests on the note for HOVER_DELAY_MS, the
// way a tooltip waits; moving off it, pressing, scrolling or leaving the canvas closes it.
// Touch has no hover: a tap selects, and the belief list shows the same figures.
import { useEffect, type RefObject } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { topNoteAt } from '../editor/layout/noteGeometry.ts';
import { screenToBoard } from '../editor/viewport.ts';

export const HOVER_DELAY_MS = 400;

export function useNoteHover(hostRef: RefObject<HTMLDivElement | null>): void {
  const editor = useEditor();
  useEffect(() => {
    const { session, viewport, layout, hovered } = editor;
    const host = hostRef.current;
    if (!host) return;
    let over: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const close = () => {
      clearTimeout(timer);
      over = null;
      hovered.set(null);
    };
    const onPointerMove = (e: PointerEvent) => {
      // With a button down the pointer is dragging or panning, not resting.
      if (e.pointerType === 'touch' || e.buttons !== 0) return;
      const rect = host.getBoundingClientRect();
      const board = screenToBoard(viewport.get(), { x: e.clientX - rect.left, y: e.clientY - rect.top });
      const hit = topNoteAt(session.beliefs.getIds(), layout.boxOf, board);
      if (hit === over) return;
      close();
      over = hit;
      if (hit) timer = setTimeout(() => hovered.set(hit), HOVER_DELAY_MS);
    };
    host.addEventListener('pointermove', onPointerMove);
    host.addEventListener('pointerdown', close);
    host.addEventListener('pointerleave', close);
    host.addEventListener('wheel', close, { passive: true });
    return () => {
      close();
      host.removeEventListener('pointermove', onPointerMove);
      host.removeEventListener('pointerdown', close);
      host.removeEventListener('pointerleave', close);
      host.removeEventListener('wheel', close);
    };
  }, [hostRef, editor]);
}

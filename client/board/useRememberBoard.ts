// Once the board's meta has arrived (so it is a real board), lists it in "Your boards"
// and names the browser tab after it; both follow renames.
import { useEffect } from 'react';
import type { BoardMeta } from '../../shared/schema.ts';
import { rememberBoard } from '../state/recentBoards.ts';

export function useRememberBoard(boardId: string, meta: BoardMeta): void {
  const known = meta.createdAt > 0;
  useEffect(() => {
    if (known) rememberBoard(boardId, meta.title);
  }, [boardId, known, meta.title]);

  useEffect(() => {
    document.title = `${meta.title || 'Untitled board'} — Beliefmap`;
  }, [meta.title]);
}

// What a link to a board the relay does not have shows instead of an empty board.
import { useEffect } from 'react';
import { forgetBoard } from '../state/recentBoards.ts';

export function RefusedNotice({ boardId, reason }: { boardId: string; reason: string }) {
  useEffect(() => {
    document.title = 'Board not found — Beliefmap';
    // A board that does not exist should not stay in "Your boards".
    forgetBoard(boardId);
  }, [boardId]);

  return (
    <main className="page page--narrow">
      <h1>This board cannot be opened</h1>
      <p role="status">{reason}</p>
      <p>Check that the link was copied whole, or ask whoever shared it for a new one.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}

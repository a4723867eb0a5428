// What a link to a board the relay does not have shows instead of an empty board; and what
// a browser the relay stopped shows (removed by the facilitator, or a copy of the board
// that went out of step with the relay and must be reloaded from it).
import { useEffect, useState } from 'react';
import { forgetBoard } from '../state/recentBoards.ts';
import { reloadFromRelay } from '../state/session.ts';

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

export function StoppedNotice({ boardId, reason, canReload }: { boardId: string; reason: string; canReload: boolean }) {
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    document.title = 'Board stopped — Beliefmap';
  }, []);
  const reload = () => {
    setReloading(true);
    void reloadFromRelay(boardId);
  };
  return (
    <main className="page page--narrow">
      <h1>This board stopped here</h1>
      <p role="status">{reason}</p>
      {canReload && (
        <p>
          <button type="button" className="button button--primary" disabled={reloading} onClick={reload}>
            {reloading ? 'Reloading…' : 'Reload the board'}
          </button>{' '}
          This browser's copy is replaced by the board as the relay keeps it.
        </p>
      )}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}

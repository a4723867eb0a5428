// "Your boards": the boards this browser has opened, newest first. Kept on this device
// only; the server keeps no list of who opened what.
import { useState } from 'react';
import { boardPath } from '../../shared/protocol.ts';
import { forgetBoard, loadRecentBoards, type RecentBoard } from '../state/recentBoards.ts';
import { timeAgo } from './relativeTime.ts';

export function RecentBoards() {
  const [boards, setBoards] = useState<RecentBoard[]>(loadRecentBoards);

  const forget = (id: string) => {
    forgetBoard(id);
    setBoards(loadRecentBoards());
  };

  return (
    <section className="card recent-boards" aria-labelledby="recent-boards-heading">
      <h2 id="recent-boards-heading">Your boards</h2>
      {boards.length === 0 ? (
        <p className="muted">Boards you open in this browser will be listed here.</p>
      ) : (
        <ul aria-labelledby="recent-boards-heading">
          {boards.map((board) => {
            const title = board.title || 'Untitled board';
            return (
              <li key={board.id}>
                <a href={boardPath(board.id)}>{title}</a>
                <span className="muted">
                  opened <time dateTime={new Date(board.openedAt).toISOString()}>{timeAgo(board.openedAt)}</time>
                </span>
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Remove ${title} from your boards`}
                  title="Remove from this list (the board itself stays)"
                  onClick={() => forget(board.id)}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

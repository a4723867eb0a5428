// The board screen: top bar (title, people, connection), toolbar, canvas and the belief
// list — or, when the relay refuses the board, the reason. The screen owns this tab's
// viewport and the action context every control shares.
import { useId, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useShortcuts } from '../editor/useShortcuts.ts';
import type { ActionContext } from '../editor/actions.ts';
import { BoardCanvas } from '../canvas/BoardCanvas.tsx';
import { BoardLayout } from '../editor/layout/boardLayout.ts';
import { readBoardMeta } from '../../shared/model.ts';
import { contentBounds } from '../editor/layout/bounds.ts';
import { ViewportStore } from '../editor/viewport.ts';
import type { Identity } from '../state/identity.ts';
import { useBoardMeta, useConnectionStatus, useAccessRole } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import { BeliefList } from '../board/BeliefList.tsx';
import { BoardTitle } from '../board/BoardTitle.tsx';
import { ConnectionStatus } from '../board/ConnectionStatus.tsx';
import { PresenceList } from '../board/PresenceList.tsx';
import { RefusedNotice, StoppedNotice } from '../board/RefusedNotice.tsx';
import { ShareLinks } from '../board/ShareLinks.tsx';
import { Toolbar } from '../board/Toolbar.tsx';
import { useRememberBoard } from '../board/useRememberBoard.ts';
import { FollowBanner } from '../workshop/FollowBanner.tsx';
import { LockNotice } from '../workshop/LockNotice.tsx';
import { RelayNotice } from '../workshop/RelayNotice.tsx';
import { PrivateWritingBanner } from '../workshop/PrivateWritingBanner.tsx';
import { RoundBanner } from '../workshop/RoundBanner.tsx';
import { TimerDisplay } from '../workshop/TimerDisplay.tsx';
import { useFollowing } from '../workshop/useFollowing.ts';
import { useSinceLastVisit } from '../workshop/sinceLastVisit.ts';

interface BoardViewProps {
  session: BoardSession;
  me: Identity;
  onRename(name: string): void;
}

export function BoardView(props: BoardViewProps) {
  const status = useConnectionStatus(props.session);
  if (status.phase === 'refused') {
    if (status.refusal === 'gone' || status.refusal === undefined) {
      return <RefusedNotice boardId={props.session.boardId} reason={status.reason ?? 'The relay refused this board.'} />;
    }
    return <StoppedNotice boardId={props.session.boardId} reason={status.reason ?? ''} canReload={status.refusal === 'reload'} />;
  }
  return <BoardScreen {...props} />;
}

function BoardScreen({ session, me, onRename }: BoardViewProps) {
  const meta = useBoardMeta(session);
  // Subscribed here so every control below re-reads session.access.canEdit() when my role is known.
  useAccessRole(session);
  const [viewport] = useState(() => new ViewportStore());
  const [layout] = useState(() => new BoardLayout(session));
  const [notice, setNotice] = useState<string | null>(null);
  const [listOpen, setListOpen] = useState(true);
  const listId = useId();
  const ctx = useMemo<ActionContext>(() => ({ session, viewport, layout, report: setNotice }), [session, viewport, layout]);

  useShortcuts(ctx);
  useRememberBoard(session.boardId, meta);
  useFitOnOpen(session, viewport, meta.createdAt > 0);
  useSinceLastVisit(session);
  const following = useFollowing(session, viewport);
  const followed = useSyncExternalStore(following.target.subscribe, following.target.get);

  return (
    <div className="board">
      <header className="topbar">
        <a href="/" className="topbar__home" title="All your boards">
          Beliefmap
        </a>
        <BoardTitle session={session} title={meta.title} />
        <TimerDisplay session={session} />
        <PresenceList
          session={session}
          me={me}
          onRename={onRename}
          followingId={followed?.participantId ?? null}
          onFollow={(person) => following.follow(person)}
        />
        <ShareLinks session={session} />
        <ConnectionStatus session={session} />
      </header>
      <div className="board__body">
        <main className="board__main">
          <Toolbar ctx={ctx} listOpen={listOpen} listId={listId} onToggleList={() => setListOpen((open) => !open)} />
          <RoundBanner session={session} />
          <LockNotice session={session} />
          <PrivateWritingBanner session={session} />
          <FollowBanner following={following} />
          <RelayNotice session={session} />
          {notice && (
            <div role="alert" className="notice">
              <p>{notice}</p>
              <button type="button" className="button button--quiet" onClick={() => setNotice(null)}>
                Dismiss
              </button>
            </div>
          )}
          <div className="board__canvas">
            <BoardCanvas ctx={ctx} />
          </div>
        </main>
        {listOpen && <BeliefList ctx={ctx} id={listId} />}
      </div>
    </div>
  );
}

/**
 * Frames the board's content once, when the board has loaded and the canvas knows its
 * size: a belief-map board opens on its whole matrix, not on one corner of it.
 */
function useFitOnOpen(session: BoardSession, viewport: ViewportStore, loaded: boolean) {
  // Before the browser paints: the first frame of a loaded board shows it framed, rather
  // than drawing one corner of it and then the whole.
  useLayoutEffect(() => {
    if (!loaded) return;
    let done = false;
    const tryFit = () => {
      if (done || !viewport.measured) return;
      done = true;
      viewport.fit(contentBounds(session.beliefs.all(), readBoardMeta(session.doc).template));
    };
    tryFit();
    const stop = viewport.subscribe(tryFit);
    return () => {
      stop();
    };
  }, [session, viewport, loaded]);
}

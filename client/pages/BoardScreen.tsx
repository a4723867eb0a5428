// The board screen, put together from the parts of the client that do not know each
// other: the top bar and the toolbar (board/), the canvas (canvas/), the workshop's
// timer, banners, tools and canvas marks (workshop/), the export menu (export/) and the
// belief list with the workshop's and the discussion's extras (BoardList.tsx, downloaded
// on its own: onDemandParts.tsx) — or, when the relay refuses the board, the reason. Each part
// reads the board through the editor (useEditor()); this page only decides where each
// part goes and hands over what one part offers another (the canvas's picture to the
// export dialog, the workshop's layer to the canvas).
import { useEffect, useId, useLayoutEffect, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { readBoardMeta } from '../../shared/model.ts';
import { BoardTitle } from '../board/BoardTitle.tsx';
import { ConnectionStatus } from '../board/ConnectionStatus.tsx';
import { PresenceList } from '../board/PresenceList.tsx';
import { RefusedNotice, StoppedNotice } from '../board/RefusedNotice.tsx';
import { ShareLinks } from '../board/ShareLinks.tsx';
import { Toolbar } from '../board/Toolbar.tsx';
import { useRememberBoard } from '../board/useRememberBoard.ts';
import { BoardCanvas } from '../canvas/BoardCanvas.tsx';
import { CommentBadges } from '../discussion/CommentBadges.tsx';
import { DiscussionDialogs } from '../discussion/DiscussionDialogs.tsx';
import type { BoardEditor } from '../editor/BoardEditor.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { contentBounds } from '../editor/layout/bounds.ts';
import { useShortcuts } from '../editor/useShortcuts.ts';
import { ExportMenu, type DrawRetroPicture } from '../export/ExportMenu.tsx';
import { HistoryView } from '../history/onDemandParts.tsx';
import { ActionButton } from '../ui/ActionButton.tsx';
import { BoardList, MomentMaps, preloadMomentMaps } from './onDemandParts.tsx';
import type { DrawPicture } from '../export/PngExportDialog.tsx';
import type { Identity } from '../state/identity.ts';
import { useDiscussion } from '../state/discussionStore.ts';
import { useAccessRole, useBoardMeta, useConnectionStatus, useValue } from '../state/hooks.ts';
import { useWorkshop, workshopStore } from '../state/workshopStore.ts';
import { FacilitatorPanel } from '../workshop/FacilitatorPanel.tsx';
import { FollowBanner } from '../workshop/FollowBanner.tsx';
import { LockNotice } from '../workshop/LockNotice.tsx';
import { AnonymityNotice } from '../workshop/AnonymityNotice.tsx';
import { PrivateNotesOverlay } from '../workshop/PrivateNotesOverlay.tsx';
import { PrivateWritingBanner } from '../workshop/PrivateWritingBanner.tsx';
import { RelayNotice } from '../workshop/RelayNotice.tsx';
import { RoundBanner } from '../workshop/RoundBanner.tsx';
import { useSinceLastVisit } from '../workshop/sinceLastVisit.ts';
import { TimerDisplay } from '../workshop/TimerDisplay.tsx';
import { useFollowing } from '../workshop/useFollowing.ts';
import { boardMovements, useMovementArrows } from '../workshop/useMovement.ts';
import { WorkshopLayer } from '../workshop/WorkshopLayer.tsx';

interface BoardScreenProps {
  me: Identity;
  onRename(name: string): void;
}

export function BoardScreen(props: BoardScreenProps) {
  const { session } = useEditor();
  const status = useConnectionStatus(session);
  if (status.phase === 'refused') {
    if (status.refusal === 'gone' || status.refusal === undefined) {
      return <RefusedNotice boardId={session.boardId} reason={status.reason ?? 'The relay refused this board.'} />;
    }
    return <StoppedNotice boardId={session.boardId} reason={status.reason ?? ''} canReload={status.refusal === 'reload'} />;
  }
  return <OpenScreen {...props} />;
}

function OpenScreen({ me, onRename }: BoardScreenProps) {
  const editor = useEditor();
  const { session } = editor;
  const meta = useBoardMeta(session);
  // Subscribed here so every control below re-reads editor.canEdit() when my role is known.
  useAccessRole(session);
  const problem = useValue(editor.problem);
  const [listOpen, setListOpen] = useState(true);
  const listId = useId();
  const [drawPicture] = useState(() => pictureOf(editor));
  const [drawRetro] = useState(() => retroPictureOf(editor));

  useShortcuts();
  useRememberBoard(session.boardId, meta);
  useFitOnOpen(editor);
  useSinceLastVisit();
  const following = useFollowing();
  const followed = useSyncExternalStore(following.target.subscribe, following.target.get);
  // Large type for a projector while the facilitator presents.
  const presenting = useWorkshop(session).presenting !== null;
  // The History view takes the map's and the list's place; the live board goes on beside it.
  const historyOpen = useValue(editor.historyOpen);
  useEffect(() => {
    if (historyOpen) preloadMomentMaps();
  }, [historyOpen]);

  return (
    <div className={presenting ? 'board board--presenting' : 'board'}>
      <header className="topbar">
        <a href="/" className="topbar__home" title="All your boards">
          Beliefmap
        </a>
        <BoardTitle title={meta.title} />
        <TimerDisplay />
        <PresenceList
          me={me}
          onRename={onRename}
          followingId={followed?.participantId ?? null}
          onFollow={(person) => following.follow(person)}
        />
        {/* In the top bar: looking back is about the board, and the toolbar is one row at 1440 px. */}
        <ActionButton action="history" className="button button--quiet toggle" pressed={historyOpen} />
        {/* Beside History, for the same reason: the toolbar is one row at 1440 px. */}
        <ActionButton action="actions-panel" className="button button--quiet topbar__actions" />
        <ShareLinks />
        <ConnectionStatus />
      </header>
      <div className="board__body">
        <main className="board__main">
          {/* Hidden while History shows a past map: its buttons act on the live board, out of view. */}
          {!historyOpen && (
            <Toolbar
              tools={
                <>
                  <FacilitatorPanel />
                  <ExportMenu drawPicture={drawPicture} drawRetro={drawRetro} />
                </>
              }
              listOpen={listOpen}
              listId={listId}
              onToggleList={() => setListOpen((open) => !open)}
            />
          )}
          <RoundBanner />
          <LockNotice />
          <AnonymityNotice />
          <PrivateWritingBanner />
          <FollowBanner following={following} />
          <RelayNotice />
          {problem && (
            <div role="alert" className="notice">
              <p>{problem}</p>
              <button type="button" className="button button--quiet" onClick={() => editor.problem.set(null)}>
                Dismiss
              </button>
            </div>
          )}
          {historyOpen ? (
            <HistoryView Maps={MomentMaps} />
          ) : (
            <div className="board__canvas" onKeyDown={(event) => tabToSelectedRow(editor, event)}>
              <Canvas />
            </div>
          )}
        </main>
        {listOpen && !historyOpen && (
          <BoardList id={listId} />
        )}
      </div>
      <DiscussionDialogs />
    </div>
  );
}

/** The canvas with the workshop's layer (movement arrows, unseen dots), the comment counts and my private notes over it. */
function Canvas() {
  const movements = useMovementArrows();
  const commented = useDiscussion(useEditor().session).counts.size;
  return (
    <BoardCanvas
      layers={(view) => <WorkshopLayer view={view} movements={movements} extra={<CommentBadges view={view} />} extraVisible={commented > 0} />}
      overlays={(returnFocusRef) => <PrivateNotesOverlay returnFocusRef={returnFocusRef} />}
      testData={{ 'movement-arrows': movements.length, 'commented-notes': commented }}
    />
  );
}

/**
 * Tab from the canvas itself goes on to the selected belief's row in the list — after N
 * and Escape, the row of the note just written — rather than to the list's first row.
 * The canvas and the list are features apart; only the page knows both are here.
 */
function tabToSelectedRow(editor: BoardEditor, event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'Tab' || event.shiftKey || event.target !== event.currentTarget.firstElementChild) return;
  const selection = editor.selection.get();
  if (selection.length !== 1) return;
  const row = document.querySelector<HTMLElement>(`[data-belief-list] [data-belief-id="${CSS.escape(selection[0])}"]`);
  if (!row) return;
  event.preventDefault();
  row.focus();
}

/** The export dialog's pictures, drawn by the canvas's own components; its code is fetched when first asked for. */
function pictureOf(editor: BoardEditor): DrawPicture {
  return (options) => import('../canvas/boardPicture.tsx').then((module) => module.drawBoardPicture(editor, options));
}

/**
 * "Export for retro": the canvas draws the Measured picture, with the workshop's movement
 * arrows between the last two revealed rounds; both codes are fetched when first asked for.
 */
function retroPictureOf(editor: BoardEditor): DrawRetroPicture {
  return async (exportedAt) => {
    const [{ drawRetroPicture }, { MovementArrows }] = await Promise.all([
      import('../canvas/retroPicture.tsx'),
      import('../workshop/MovementArrows.tsx'),
    ]);
    const { movements, rounds } = boardMovements(editor.session, workshopStore(editor.session.doc).get().history);
    return drawRetroPicture(editor, {
      arrows: movements.length > 0 ? <MovementArrows movements={movements} /> : null,
      arrowRounds: rounds,
      exportedAt,
      onProgress: () => {},
    });
  };
}

/**
 * Frames the board's content once, when the board has loaded and the canvas knows its
 * size: a belief-map board opens on its whole matrix, not on one corner of it.
 */
function useFitOnOpen(editor: BoardEditor) {
  // As the board loads (session.loaded), not when React next renders the page: the first
  // frame of a loaded board shows it framed, rather than drawing one corner of it and then
  // the whole (a render of the page's meta could come after that first frame).
  useLayoutEffect(() => {
    const { session, viewport } = editor;
    let done = false;
    let live = true;
    let stop = () => {};
    const tryFit = () => {
      if (done || !live || !viewport.measured) return;
      done = true;
      stop();
      viewport.fit(contentBounds(session.beliefs.all(), readBoardMeta(session.doc).template));
    };
    void session.loaded.then(() => {
      tryFit();
      if (!done && live) stop = viewport.subscribe(tryFit);
    });
    return () => {
      live = false;
      stop();
    };
  }, [editor]);
}

// A board's address: works out who I am on this board — the person a personal link names,
// or this device's identity (asked for once if this browser does not know it yet) — then
// opens the board's editor and shows the board (BoardScreen.tsx) with it.
import { useEffect, useState } from 'react';
import { pickParticipantColor } from '../../shared/colors.ts';
import { CLOSE, CLOSE_REASON } from '../../shared/protocol.ts';
import { requestRole } from '../state/accessRequests.ts';
import { boardSecret, keepRole, keptParticipant } from '../state/boardKeys.ts';
import { loadIdentity, saveIdentity, type Identity } from '../state/identity.ts';
import { JoinDialog, preloadJoinDialog } from '../board/onDemandParts.tsx';
import { RefusedNotice } from '../board/RefusedNotice.tsx';
import { EditorProvider } from '../editor/EditorContext.tsx';
import { useBoardEditor } from '../editor/useBoardEditor.ts';
import { BoardScreen } from './BoardScreen.tsx';
import { preloadBoardList } from './onDemandParts.tsx';

type Participant = { id: string; name: string };

export function BoardPage({ boardId }: { boardId: string }) {
  // The list's chunk downloads while the board opens, not after the board is drawn.
  useEffect(preloadBoardList, []);
  const [device, setDevice] = useState<Identity | null>(loadIdentity);
  // Read once: the link just followed, or the secret this browser kept for the board.
  const [secret] = useState(() => boardSecret(boardId));
  const [personal, setPersonal] = useState<Participant | null>(() => (secret ? keptParticipant(boardId, secret) : null));
  // A browser that knows nobody asks the server first: a personal link needs no name typed.
  const [asked, setAsked] = useState(device !== null || personal !== null);
  // What the name form says: which board, and whether this link only watches.
  const [joining, setJoining] = useState<{ title: string; watching: boolean } | null>(null);
  useEffect(() => {
    if (asked || !secret) return;
    preloadJoinDialog();
    let cancelled = false;
    requestRole(boardId, secret, true)
      .then((answer) => {
        if (cancelled || answer === 'refused') return;
        setJoining({ title: answer.title ?? '', watching: answer.role === 'view' || answer.sharedLinkViewsOnly === true });
        if (!answer.participant) return;
        keepRole(boardId, secret, answer.role, answer.participant);
        setPersonal(answer.participant);
      })
      .catch(() => {})
      .finally(() => !cancelled && setAsked(true));
    return () => {
      cancelled = true;
    };
  }, [asked, boardId, secret]);

  if (!secret) return <RefusedNotice boardId={boardId} reason={CLOSE_REASON[CLOSE.badSecret]} />;
  const identity = personal ? personalIdentity(personal) : device;
  if (!identity) {
    if (!asked) {
      return (
        <main className="page page--narrow">
          <p role="status">Opening the board…</p>
        </main>
      );
    }
    return <JoinDialog title={joining?.title ?? null} watching={joining?.watching ?? false} onJoin={(name) => setDevice(saveIdentity(name))} />;
  }
  return (
    <OpenBoard
      boardId={boardId}
      secret={secret}
      identity={identity}
      onIdentityChange={(next) => (personal ? setPersonal({ id: personal.id, name: next.name }) : setDevice(next))}
      onPersonalParticipant={setPersonal}
      personal={personal !== null}
    />
  );
}

/** Who I am through a personal link: its participant, with the name the facilitator gave (until I rename). */
function personalIdentity(participant: Participant): Identity {
  return { id: participant.id, name: participant.name, color: pickParticipantColor(participant.id) };
}

interface OpenBoardProps {
  boardId: string;
  secret: string;
  identity: Identity;
  personal: boolean;
  onIdentityChange(identity: Identity): void;
  onPersonalParticipant(participant: Participant): void;
}

function OpenBoard({ boardId, secret, identity, personal, onIdentityChange, onPersonalParticipant }: OpenBoardProps) {
  const editor = useBoardEditor(boardId, identity, secret, onPersonalParticipant);
  if (!editor) {
    return (
      <main className="page page--narrow">
        <p role="status">Opening the board…</p>
      </main>
    );
  }
  const rename = (name: string) => {
    // Through a personal link the name is this board's only; otherwise it is this device's.
    const next = personal ? { ...identity, name } : saveIdentity(name);
    if (personal) keepRole(boardId, secret, editor.session.access.role.get(), { id: identity.id, name });
    editor.session.rename(next.name);
    onIdentityChange(next);
  };
  return (
    <EditorProvider editor={editor}>
      <BoardScreen me={identity} onRename={rename} />
    </EditorProvider>
  );
}

// A board's address: asks who I am if this browser does not know yet, then opens the
// board's session and shows it.
import { useState } from 'react';
import { loadIdentity, saveIdentity, type Identity } from '../state/identity.ts';
import { CLOSE, CLOSE_REASON } from '../../shared/protocol.ts';
import { boardSecret } from '../state/boardKeys.ts';
import { BoardView } from './BoardView.tsx';
import { RefusedNotice } from './RefusedNotice.tsx';
import { JoinDialog } from './JoinDialog.tsx';
import { useBoardSession } from './useBoardSession.ts';

export function BoardPage({ boardId }: { boardId: string }) {
  const [identity, setIdentity] = useState<Identity | null>(loadIdentity);
  // Read once: the link just followed, or the secret this browser kept for the board.
  const [secret] = useState(() => boardSecret(boardId));
  if (!secret) return <RefusedNotice boardId={boardId} reason={CLOSE_REASON[CLOSE.badSecret]} />;
  if (!identity) return <JoinDialog onJoin={(name) => setIdentity(saveIdentity(name))} />;
  return <OpenBoard boardId={boardId} secret={secret} identity={identity} onIdentityChange={setIdentity} />;
}

interface OpenBoardProps {
  boardId: string;
  secret: string;
  identity: Identity;
  onIdentityChange(identity: Identity): void;
}

function OpenBoard({ boardId, secret, identity, onIdentityChange }: OpenBoardProps) {
  const session = useBoardSession(boardId, identity, secret);
  if (!session) {
    return (
      <main className="page page--narrow">
        <p role="status">Opening the board…</p>
      </main>
    );
  }
  const rename = (name: string) => {
    const next = saveIdentity(name);
    session.rename(next.name);
    onIdentityChange(next);
  };
  return <BoardView session={session} me={identity} onRename={rename} />;
}

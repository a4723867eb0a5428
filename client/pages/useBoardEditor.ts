// Opens this tab's session on a board while the component is mounted, and closes it
// (socket, presence, undo history) when the person leaves the board.
import { useEffect, useRef, useState } from 'react';
import type { Identity } from '../state/identity.ts';
import { openBoardSession, type BoardSession } from '../state/session.ts';

export function useBoardSession(
  boardId: string,
  identity: Identity,
  secret: string,
  onPersonalParticipant: (participant: { id: string; name: string }) => void,
): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);
  const personal = useRef(onPersonalParticipant);
  personal.current = onPersonalParticipant;

  useEffect(() => {
    const opened = openBoardSession(boardId, identity, secret, { onPersonalParticipant: (participant) => personal.current(participant) });
    setSession(opened);
    return () => {
      setSession(null);
      opened.destroy();
    };
    // Keyed by the participant id on purpose: a new display name is applied to the open
    // session (session.rename) and must not drop my undo history by reconnecting.
  }, [boardId, identity.id, secret]);

  return session;
}

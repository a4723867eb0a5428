// Opens this tab's session on a board, and its editor, while the component is mounted, and
// closes them (socket, presence, undo history) when the person leaves the board.
import { useEffect, useRef, useState } from 'react';
import type { Identity } from '../state/identity.ts';
import { openBoardSession } from '../state/session.ts';
import { BoardEditor } from './BoardEditor.ts';

export function useBoardEditor(
  boardId: string,
  identity: Identity,
  secret: string,
  onPersonalParticipant: (participant: { id: string; name: string }) => void,
): BoardEditor | null {
  const [editor, setEditor] = useState<BoardEditor | null>(null);
  const personal = useRef(onPersonalParticipant);
  personal.current = onPersonalParticipant;

  useEffect(() => {
    const session = openBoardSession(boardId, identity, secret, { onPersonalParticipant: (participant) => personal.current(participant) });
    setEditor(new BoardEditor(session));
    return () => {
      setEditor(null);
      session.destroy();
    };
    // Keyed by the participant id on purpose: a new display name is applied to the open
    // session (session.rename) and must not drop my undo history by reconnecting.
  }, [boardId, identity.id, secret]);

  return editor;
}

// Sharing a board: the links my role may hand out, copied to the clipboard, and for the
// facilitator a way to replace the participant and view-only links (old ones stop
// working and their sessions are closed), and a QR code of the participant link so a
// room can join from phones. A view-only link shows "View only" instead.
import { useId, useRef, useState } from 'react';
import { boardLink, type Role } from '../../shared/access.ts';
import { boardPath } from '../../shared/protocol.ts';
import { AccessRequestError, requestNewLinks } from '../state/accessRequests.ts';
import { boardSecret, knownLinks, rememberLinks } from '../state/boardKeys.ts';
import { useAccessRole } from '../state/hooks.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDismiss } from '../ui/useDismiss.ts';
import { ParticipantQr } from './onDemandParts.tsx';

const COPY_LABELS: Record<Role, string> = {
  edit: 'Copy participant link',
  view: 'Copy view-only link',
  facilitate: 'Copy facilitator link',
};

export function ShareLinks() {
  const { session } = useEditor();
  const role = useAccessRole(session);
  const [links, setLinks] = useState(() => knownLinks(session.boardId));
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [qrShown, setQrShown] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useDismiss(open, panel, button, () => setOpen(false));
  if (role === null) return null;
  if (role === 'view') {
    return (
      <span className="view-only-badge" title="You can watch this board live; changes are made by its participants.">
        View only
      </span>
    );
  }
  const secret = boardSecret(session.boardId);
  const own = secret ? boardLink(boardPath(session.boardId), secret) : undefined;
  // What I may share: a participant their own link; the facilitator every link this browser knows.
  const shareable: Partial<Record<Role, string>> = role === 'facilitate' ? { ...links, facilitate: own } : { edit: own };

  const copy = async (role: Role, link: string) => {
    const url = new URL(link, location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      setMessage(`${COPY_LABELS[role].replace('Copy ', '').replace(/^./, (c) => c.toUpperCase())} copied.`);
    } catch {
      // No clipboard (e.g. plain http on a LAN): show the link to copy by hand.
      setMessage(`Copy this link: ${url}`);
    }
  };

  const rotate = async () => {
    if (!secret) return;
    if (!confirm('Make new participant and view-only links? The current ones stop working, and people using them are disconnected.')) return;
    try {
      const fresh = await requestNewLinks(session.boardId, secret);
      rememberLinks(session.boardId, fresh);
      setLinks(knownLinks(session.boardId));
      setMessage('New links made: the old participant and view-only links no longer work.');
    } catch (error) {
      setMessage(error instanceof AccessRequestError ? error.message : String(error));
    }
  };

  const buttons = (
    <>
      {(['edit', 'view', 'facilitate'] as const).map((shared) => {
        const link = shareable[shared];
        return link ? (
          <button key={shared} type="button" className="button button--quiet" onClick={() => void copy(shared, link)}>
            {COPY_LABELS[shared]}
          </button>
        ) : null;
      })}
      {role === 'facilitate' && (
        <button type="button" className="button button--quiet" onClick={() => void rotate()}>
          New links…
        </button>
      )}
      {message && (
        <span role="status" className="muted">
          {message}
        </span>
      )}
    </>
  );

  // A participant has one link to share: a button in the top bar is enough.
  if (role !== 'facilitate') {
    return (
      <div className="share-links" role="group" aria-label="Share this board">
        {buttons}
      </div>
    );
  }
  // A facilitator's three links and "New links…" open from one button, so the top bar
  // keeps room for the people and the connection status. Escape or a press outside closes them.
  return (
    <div className="share-links">
      <button ref={button} type="button" className="button button--quiet" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Share…
      </button>
      {open && (
        <div ref={panel} id={panelId} className="share-links__panel" role="group" aria-label="Share this board">
          {buttons}
          {shareable.edit && (
            <>
              <button type="button" className="button button--quiet toggle" aria-expanded={qrShown} onClick={() => setQrShown(!qrShown)}>
                QR code for phones
              </button>
              {qrShown && <ParticipantQr link={new URL(shareable.edit, location.href).href} />}
            </>
          )}
        </div>
      )}
    </div>
  );
}

// The facilitator's say over who answers (one person, one voice): personal participant
// links, each bound to one person; "personal links only", after which the shared
// participant link only views; how many ids joined through the shared link; and removing
// a participant with their answers. Part of the facilitator's tools.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { MembersResponse } from '../../shared/protocol.ts';
import { MAX_DISPLAY_NAME } from '../../shared/limits.ts';
import { boardSecret } from '../state/boardKeys.ts';
import { useParticipants } from '../state/hooks.ts';
import { requestMembers, requestPersonalLink, requestPersonalOnly, withdrawPersonalLink } from '../state/memberRequests.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function PeopleControls() {
  const { session } = useEditor();
  const secret = boardSecret(session.boardId) ?? '';
  const [members, setMembers] = useState<MembersResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [made, setMade] = useState<{ name: string; link: string } | null>(null);
  const [removing, setRemoving] = useState('');
  const participants = useParticipants(session);
  const nameId = useId();

  const failed = (error: unknown) => setProblem(error instanceof Error ? error.message : String(error));
  useEffect(() => {
    requestMembers(session.boardId, secret).then(setMembers, failed);
  }, [session.boardId, secret]);

  const mint = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    requestPersonalLink(session.boardId, secret, name).then((answer) => {
      setMade({ name: answer.name, link: new URL(answer.link, location.href).href });
      setName('');
      return requestMembers(session.boardId, secret).then(setMembers);
    }, failed);
  };
  const withdraw = (participantId: string) =>
    withdrawPersonalLink(session.boardId, secret, participantId).then(() => requestMembers(session.boardId, secret).then(setMembers), failed);
  const setPersonalOnly = (on: boolean) => {
    // Shown at once; the server's answer (or its refusal) settles it.
    if (members) setMembers({ ...members, personalOnly: on });
    return requestPersonalOnly(session.boardId, secret, on).then(setMembers, (error: unknown) => {
      failed(error);
      return requestMembers(session.boardId, secret).then(setMembers, failed);
    });
  };
  const remove = () => {
    const person = participants.get(removing);
    if (!person) return;
    if (!window.confirm(`Remove ${person.name || 'this participant'} from the board? Their answers go with them, and their link stops working for them.`)) return;
    session.workshop.removeParticipant(removing);
    setRemoving('');
  };
  const others = [...participants].filter(([id]) => id !== session.me.id);

  return (
    <div className="people-controls">
      <form className="facilitator__row" onSubmit={mint}>
        <label htmlFor={nameId}>Personal link for</label>
        <input id={nameId} type="text" required maxLength={MAX_DISPLAY_NAME} placeholder="Their name" value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button">
          Make personal link
        </button>
      </form>
      {made && (
        <p role="status" className="people-controls__made">
          {made.name}'s link (shown once): <input readOnly aria-label={`${made.name}'s personal link`} value={made.link} onFocus={(event) => event.currentTarget.select()} />{' '}
          <button type="button" className="button button--quiet" onClick={() => void navigator.clipboard?.writeText(made.link)}>
            Copy
          </button>
        </p>
      )}
      {members && (
        <>
          <label className="facilitator__row">
            <input type="checkbox" checked={members.personalOnly} onChange={(event) => void setPersonalOnly(event.target.checked)} />
            Personal links only: the shared participant link can only view
          </label>
          <p className="muted">
            {members.sharedLinkIds === 1 ? '1 person' : `${members.sharedLinkIds} people`} joined through the shared participant link
            {members.personalLinks.length > 0 ? `; ${members.personalLinks.length} personal ${members.personalLinks.length === 1 ? 'link' : 'links'}` : ''}.
          </p>
          {members.personalLinks.length > 0 && (
            <ul className="people-controls__links" aria-label="Personal links">
              {members.personalLinks.map((link) => (
                <li key={link.participantId}>
                  {link.name}{' '}
                  <button type="button" className="button button--quiet" onClick={() => void withdraw(link.participantId)}>
                    Withdraw
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {others.length > 0 && (
        <div className="facilitator__row">
          <label>
            Remove{' '}
            <select value={removing} onChange={(event) => setRemoving(event.target.value)}>
              <option value="">choose a participant…</option>
              {others.map(([id, person]) => (
                <option key={id} value={id}>
                  {person.name || 'Unnamed'}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button--quiet" disabled={removing === ''} onClick={remove}>
            Remove with their answers
          </button>
        </div>
      )}
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}

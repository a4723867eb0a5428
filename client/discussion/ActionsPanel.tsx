// Every action on the board in one modal dialog ("Actions", Shift+C), filtered by status,
// by who it is for and by the quadrant (or tray) its belief is in now; each opens its
// belief's discussion.
import { useId, useState } from 'react';
import { actionOwnerName } from '../../shared/beliefActions.ts';
import { mapPlaceOf, TRAY_ORDER, TRAYS } from '../../shared/mapPlace.ts';
import { QUADRANTS, type Quadrant } from '../../shared/quadrants.ts';
import { discussionOf } from '../editor/discussion.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useDiscussion } from '../state/discussionStore.ts';
import { useAccessRole, useBeliefsVersion, useParticipants } from '../state/hooks.ts';
import { useModalDialog } from '../ui/useModalDialog.ts';
import { useMounted } from './useMounted.ts';
import { ActionItem } from './ActionItem.tsx';
import { usePseudonymsKnown } from './usePseudonymsKnown.ts';
import { nameReader } from './people.ts';

const NOBODY = '\u0000nobody';

export function ActionsPanel({ onClose }: { onClose(): void }) {
  const editor = useEditor();
  const { session } = editor;
  useAccessRole(session);
  useBeliefsVersion(session);
  const discussion = discussionOf(editor);
  const dialog = useModalDialog();
  const mounted = useMounted();
  const { actions } = useDiscussion(session);
  const participants = useParticipants(session);
  const nameOf = nameReader(participants, session.me.id, usePseudonymsKnown(session));
  const [status, setStatus] = useState<'all' | 'open' | 'done'>('all');
  const [who, setWho] = useState('all');
  const [place, setPlace] = useState('all');
  const ids = { heading: useId(), status: useId(), who: useId(), place: useId(), count: useId() };

  const placeOf = (beliefId: string): string => {
    const mapPlace = mapPlaceOf(session.stats.get(beliefId));
    return mapPlace.quadrant ?? mapPlace.tray;
  };
  const whoKey = (action: (typeof actions)[number]) => actionOwnerName(action, nameOf) ?? NOBODY;
  const people = [...new Set(actions.map(whoKey))].sort((a, b) => (a === NOBODY ? 1 : b === NOBODY ? -1 : a.localeCompare(b)));
  const shown = actions.filter(
    (action) =>
      !!session.beliefs.get(action.beliefId) &&
      (status === 'all' || action.status === status) &&
      (who === 'all' || whoKey(action) === who) &&
      (place === 'all' || placeOf(action.beliefId) === place),
  );

  return (
    <dialog
      ref={dialog}
      className="card actions-panel"
      aria-labelledby={ids.heading}
      onKeyDown={(event) => event.stopPropagation()}
      onClose={() => {
        if (mounted.current && !dialog.current?.open) onClose();
      }}
    >
      <div className="thread-dialog__head">
        <h2 id={ids.heading}>Actions</h2>
        <button type="button" className="button" onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </div>
      <div className="actions-panel__filters" role="group" aria-label="Filters">
        <label htmlFor={ids.status}>Status</label>
        <select id={ids.status} value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="done">Done</option>
        </select>
        <label htmlFor={ids.who}>Who</label>
        <select id={ids.who} value={who} onChange={(event) => setWho(event.target.value)}>
          <option value="all">Everyone</option>
          {people.map((name) => (
            <option key={name} value={name}>
              {name === NOBODY ? 'Nobody yet' : name}
            </option>
          ))}
        </select>
        <label htmlFor={ids.place}>Quadrant</label>
        <select id={ids.place} value={place} onChange={(event) => setPlace(event.target.value)}>
          <option value="all">Anywhere</option>
          {(Object.keys(QUADRANTS) as Quadrant[]).map((quadrant) => (
            <option key={quadrant} value={quadrant}>
              {QUADRANTS[quadrant].caption}
            </option>
          ))}
          {TRAY_ORDER.map((tray) => (
            <option key={tray} value={tray}>
              {TRAYS[tray].title}
            </option>
          ))}
        </select>
      </div>
      <p id={ids.count} className="quiet" aria-live="polite">
        {shown.length} of {actions.length} {actions.length === 1 ? 'action' : 'actions'}
      </p>
      <ul className="action-list" aria-describedby={ids.count}>
        {shown.map((action) => (
          <ActionItem
            key={action.id}
            action={action}
            discussion={discussion}
            nameOf={nameOf}
            belief={{
              text: session.beliefs.get(action.beliefId)?.text ?? '',
              open: () => {
                discussion.actionsOpen.set(false);
                discussion.openThread.set(action.beliefId);
              },
            }}
          />
        ))}
      </ul>
    </dialog>
  );
}

// The beliefs as an accessible list beside the canvas: the keyboard and screen-reader
// path to everything the canvas does, with the team's figures, sorting and filters, and
// Cutler's prompt for writing a belief. Only the rows in view are rendered (BeliefRows.tsx);
// rows are memoised; this component re-renders when beliefs are added or removed, the
// selection changes, someone selects elsewhere, or — only while sorting or filtering by
// them — positions change.
import { useCallback, useState, type ReactNode } from 'react';
import { BOARD_ORDER, type BeliefOrder } from '../../shared/beliefOrder.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useMayChangeNotes, usePrivateWriting, useSelection } from '../editor/hooks.ts';
import { useAccessRole, useBeliefIds, useParticipants } from '../state/hooks.ts';
import { useOpinionGroups } from '../state/opinionGroups.ts';
import { AnsweredCount } from './AnsweredCount.tsx';
import type { BeliefRowExtras } from './BeliefRow.tsx';
import { BeliefRows } from './BeliefRows.tsx';
import { ListOrderControls } from './ListOrderControls.tsx';
import { PeopleProgress } from './PeopleProgress.tsx';
import { OpinionGroupsSummary, WriteBeliefDialog } from './onDemandParts.tsx';
import { RecentlyDeleted } from './RecentlyDeleted.tsx';
import { usePeerSelections } from './usePeerSelections.ts';
import { useShownBeliefs } from './useShownBeliefs.ts';

/** Where a private note just added from the list is: its textbox takes the keyboard once. */
export interface PrivateNoteFocus {
  focusId: string | null;
  onFocused(): void;
}

interface BeliefListProps {
  id: string;
  /** My private notes, above the beliefs, while private writing is on (the page brings them). */
  privateNotes?(focus: PrivateNoteFocus): ReactNode;
  /** What the page adds to each row. */
  rowExtras?: BeliefRowExtras;
}

export function BeliefList({ id, privateNotes, rowExtras }: BeliefListProps) {
  const editor = useEditor();
  const { session } = editor;
  const ids = useBeliefIds(session);
  const selection = useSelection();
  const participants = useParticipants(session);
  const peerSelections = usePeerSelections(session);
  const [focusId, setFocusId] = useState<string | null>(null);
  const clearFocusId = useCallback(() => setFocusId(null), []);
  const [order, setOrder] = useState<BeliefOrder>(BOARD_ORDER);
  const [focusInRows, setFocusInRows] = useState(false);
  const [writing, setWriting] = useState(false);
  // The list keeps the groups' worker running: its filter and its rows show them.
  const groups = useOpinionGroups(session);
  const shown = useShownBeliefs(session, ids, order, focusInRows, groups);
  const canAddNotes = useMayChangeNotes();
  const privateWriting = usePrivateWriting();
  const facilitating = useAccessRole(session) === 'facilitate';
  const [privateFocusId, setPrivateFocusId] = useState<string | null>(null);
  const clearPrivateFocusId = useCallback(() => setPrivateFocusId(null), []);

  const selected = new Set(selection);
  const lead = selection[selection.length - 1];

  const authorName = (authorId: string) =>
    authorId === session.me.id ? 'you' : (participants.get(authorId)?.name ?? 'someone who left');

  /** Adds a note — a belief, or my private note while private writing is on — and puts the keyboard in its row. */
  const add = (text?: string) => {
    const added = editor.addNoteInView(text);
    if (added?.private) {
      setPrivateFocusId(added.id);
      return;
    }
    // A new belief has no positions, so "polarized only" would hide what I just added.
    if (added && order.polarizedOnly) setOrder({ ...order, polarizedOnly: false });
    setFocusId(added?.id ?? null);
  };

  return (
    <aside id={id} className="belief-list" aria-labelledby={`${id}-heading`} data-belief-list>
      <div className="belief-list__header">
        <h2 id={`${id}-heading`}>Beliefs</h2>
        {session.access.canEdit() && (
          <>
            <button type="button" className="button" disabled={!canAddNotes} onClick={() => setWriting(true)}>
              Write a belief
            </button>
            <button type="button" className="button button--primary" data-add-belief disabled={!canAddNotes} onClick={() => add()}>
              Add belief
            </button>
          </>
        )}
      </div>
      {privateNotes?.({ focusId: privateFocusId, onFocused: clearPrivateFocusId })}
      {ids.length === 0 ? (
        <p className="muted belief-list__empty">
          No beliefs yet. Add one here, press N, or double-click the canvas.
        </p>
      ) : (
        <>
          {/* A view-only link answers nothing: "0 of 10" would only look like a task left undone. */}
          {session.access.canEdit() && <AnsweredCount />}
          {facilitating && <PeopleProgress gapsOf={order.gapsOf ?? null} onShowGaps={(gapsOf) => setOrder({ ...order, gapsOf })} />}
          <ListOrderControls
            order={order}
            onChange={setOrder}
            shownCount={shown.ids.length}
            totalCount={ids.length}
            waiting={shown.waiting}
          />
          {groups.groups && <OpinionGroupsSummary view={{ ...groups, groups: groups.groups }} />}
          {shown.ids.length === 0 && <p className="muted belief-list__empty">No beliefs match these filters.</p>}
          {/* A view-only link reads every row; a disabled fieldset turns off all their controls at once. */}
          <fieldset className="belief-list__fieldset" disabled={!session.access.canEdit()}>
            <BeliefRows
              ids={shown.ids}
              extras={rowExtras}
              authorName={authorName}
              selected={selected}
              lead={lead}
              markers={peerSelections}
              focusId={focusId}
              onAutoFocused={clearFocusId}
              onFocusWithin={setFocusInRows}
            />
          </fieldset>
        </>
      )}
      <RecentlyDeleted />
      {writing && (
        <WriteBeliefDialog
          privateNote={privateWriting}
          onAdd={(text) => {
            setWriting(false);
            add(text);
          }}
          onCancel={() => setWriting(false)}
        />
      )}
    </aside>
  );
}

// The beliefs as an accessible list beside the canvas: the keyboard and screen-reader
// path to everything the canvas does. Rows are memoised; this component re-renders when
// beliefs are added or removed, the selection changes, or someone selects elsewhere.
import { useCallback, useState } from 'react';
import { addBeliefInView, type ActionContext } from '../actions/actions.ts';
import { useBeliefIds, useParticipants, useSelection } from '../state/hooks.ts';
import { BeliefRow } from './BeliefRow.tsx';
import { usePeerSelections, type PeerMarker } from './usePeerSelections.ts';

const NO_MARKERS: readonly PeerMarker[] = [];

export function BeliefList({ ctx, id }: { ctx: ActionContext; id: string }) {
  const { session } = ctx;
  const ids = useBeliefIds(session);
  const selection = useSelection(session);
  const participants = useParticipants(session);
  const peerSelections = usePeerSelections(session);
  const [focusId, setFocusId] = useState<string | null>(null);
  const clearFocusId = useCallback(() => setFocusId(null), []);

  const selected = new Set(selection);
  const lead = selection[selection.length - 1];

  const authorName = (authorId: string) =>
    authorId === session.me.id ? 'you' : (participants.get(authorId)?.name ?? 'someone who left');

  return (
    <aside id={id} className="belief-list" aria-labelledby={`${id}-heading`} data-belief-list>
      <div className="belief-list__header">
        <h2 id={`${id}-heading`}>Beliefs</h2>
        <span className="muted">{ids.length}</span>
        <button
          type="button"
          className="button button--primary"
          data-add-belief
          onClick={() => setFocusId(addBeliefInView(ctx))}
        >
          Add belief
        </button>
      </div>
      {ids.length === 0 ? (
        <p className="muted belief-list__empty">
          No beliefs yet. Add one here, press N, or double-click the canvas.
        </p>
      ) : (
        <ol className="belief-list__rows">
          {ids.map((beliefId) => (
            <BeliefRow
              key={beliefId}
              session={session}
              id={beliefId}
              authorName={authorName(session.beliefs.get(beliefId)?.authorId ?? '')}
              selected={selected.has(beliefId)}
              lead={beliefId === lead}
              markers={peerSelections.get(beliefId) ?? NO_MARKERS}
              autoFocus={beliefId === focusId}
              onAutoFocused={clearFocusId}
            />
          ))}
        </ol>
      )}
    </aside>
  );
}

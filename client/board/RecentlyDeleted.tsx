// "Recently deleted": beliefs taken off the board, with their text and every position,
// which their author or a facilitator can bring back whole (shared/boardRules.ts says who).
// Closed by default; the count shows whether there is anything in it.
import { useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { listDeletedBeliefs, observeBeliefs } from '../../shared/model.ts';
import type { Belief } from '../../shared/schema.ts';
import { ValueStore } from '../state/externalStore.ts';
import { useAccessRole, useParticipants } from '../state/hooks.ts';
import type { BoardSession } from '../state/session.ts';
import { useEditor } from '../editor/EditorContext.tsx';

function useDeletedBeliefs(session: BoardSession): readonly Belief[] {
  const store = useMemo(() => new ValueStore<readonly Belief[]>(listDeletedBeliefs(session.doc)), [session]);
  useEffect(
    () =>
      observeBeliefs(session.doc, ({ structural }) => {
        if (structural) store.set(listDeletedBeliefs(session.doc));
      }),
    [session, store],
  );
  return useSyncExternalStore(store.subscribe, store.get);
}

export function RecentlyDeleted() {
  const editor = useEditor();
  const { session } = editor;
  const deleted = useDeletedBeliefs(session);
  const participants = useParticipants(session);
  useAccessRole(session);
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (deleted.length === 0) return null;
  const nameOf = (id: string | null) => (id === session.me.id ? 'you' : (participants.get(id ?? '')?.name || 'someone'));

  return (
    <section className="recently-deleted" aria-label="Recently deleted">
      <button type="button" className="button button--quiet" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((was) => !was)}>
        Recently deleted ({deleted.length})
      </button>
      {open && (
        <ul id={listId} className="recently-deleted__list">
          {deleted.map((belief) => {
            const may = editor.mayDelete(belief.authorId);
            return (
              <li key={belief.id}>
                <span className="recently-deleted__text">{belief.text || 'An empty belief'}</span>{' '}
                <span className="muted">
                  deleted by {nameOf(belief.deletedBy)}
                  {belief.deletedAt !== null ? `, ${new Date(belief.deletedAt).toLocaleString()}` : ''}
                </span>{' '}
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={!may}
                  title={may ? 'Put it back on the board with every position' : 'Only its author or the facilitator can restore it'}
                  onClick={() => editor.restore([belief.id])}
                >
                  Restore
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

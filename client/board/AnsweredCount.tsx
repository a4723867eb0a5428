// The list header's "You have answered N of M beliefs": what is left for me, counting a
// sealed answer in the open round (the round's public status says I gave one) and
// otherwise my position on the board.
import { useSyncExternalStore } from 'react';
import { readPosition } from '../../shared/model.ts';
import { isBeliefInRound } from '../../shared/workshop.ts';
import { useBeliefIds } from '../state/hooks.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function AnsweredCount() {
  const { session } = useEditor();
  const ids = useBeliefIds(session);
  const { round } = useWorkshop(session);
  useSyncExternalStore(session.stats.subscribeAny, session.stats.getVersion);
  useSyncExternalStore(session.workshop.subscribeSealed, session.workshop.myAnswerId);
  // Under an anonymous level my answers are under my pseudonym, and one may be held by the relay.
  const me = session.workshop.myAnswerId();
  const answered = ids.filter((id) =>
    isBeliefInRound(round, id) ? (round!.answered[id] ?? []).includes(me) : readPosition(session.doc, id, me) !== null || session.workshop.isHeld(id),
  ).length;
  return (
    <p className="belief-list__answered" data-answered={answered} data-total={ids.length}>
      You have answered {answered} of {ids.length} {ids.length === 1 ? 'belief' : 'beliefs'}
    </p>
  );
}

// Deleting beliefs, as the rules allow (shared/boardRules.ts): only a belief's author or a
// facilitator may, a deleted belief waits in "Recently deleted" with its positions, and
// deleting one that carries other people's positions asks first.
import { mayDeleteBelief } from '../../shared/boardRules.ts';
import { deleteBeliefs, othersWithPositions, readBelief } from '../../shared/model.ts';
import type { BoardSession } from '../state/session.ts';

/** The beliefs among `ids` I may delete. */
export function deletableBeliefs(session: BoardSession, ids: readonly string[]): string[] {
  const actor = session.actor();
  return ids.filter((id) => {
    const belief = readBelief(session.doc, id);
    return belief !== null && belief.deletedAt === null && mayDeleteBelief(actor, belief.authorId);
  });
}

/**
 * Deletes what I may of `ids` (asking first when others answered them); returns the ids
 * deleted, and says in words through `report` what was not.
 */
export function deleteBeliefsAsAllowed(
  session: BoardSession,
  ids: readonly string[],
  report: (message: string) => void,
  confirm: (question: string) => boolean = (question) => window.confirm(question),
): string[] {
  const allowed = deletableBeliefs(session, ids);
  if (allowed.length < ids.length) {
    report(
      allowed.length === 0
        ? 'You can delete only the beliefs you wrote; the facilitator can delete any.'
        : `${ids.length - allowed.length} of the selected beliefs were written by others: only their authors or the facilitator can delete them.`,
    );
  }
  if (allowed.length === 0) return [];
  const answered = new Set(allowed.flatMap((id) => othersWithPositions(session.doc, id, session.me.id)));
  if (answered.size > 0) {
    const what = allowed.length === 1 ? 'This belief has' : 'These beliefs have';
    const people = answered.size === 1 ? '1 other person' : `${answered.size} other people`;
    if (!confirm(`${what} positions from ${people}. Delete anyway? It waits in "Recently deleted" with every position, and you or the facilitator can restore it.`)) return [];
  }
  session.undoManager.stopCapturing();
  deleteBeliefs(session.doc, allowed, session.me.id, session.origin);
  return allowed;
}

// The facilitator's "Who has answered": per person on the board, how many beliefs they
// have answered — in the open round by its public status, otherwise by their position on
// the board — and a toggle that narrows the list to that person's gaps. Works outside
// rounds too: in async mapping over days this is who to nudge, and on what.
import { useSyncExternalStore } from 'react';
import { readPosition } from '../../shared/model.ts';
import { hasAnswered } from '../../shared/roundFigures.ts';
import { useBeliefIds, useParticipants } from '../state/hooks.ts';
import { useAnonymity, useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';

interface PeopleProgressProps {
  /** Whose gaps the list shows now, by participant id; null for nobody's. */
  gapsOf: string | null;
  onShowGaps(participantId: string | null): void;
}

export function PeopleProgress({ gapsOf, onShowGaps }: PeopleProgressProps) {
  const { session } = useEditor();
  const ids = useBeliefIds(session);
  const participants = useParticipants(session);
  const { round } = useWorkshop(session);
  useSyncExternalStore(session.stats.subscribeAny, session.stats.getVersion);
  useSyncExternalStore(session.workshop.subscribeOwners, session.workshop.answerOwners);
  const { level } = useAnonymity(session);
  // Under "anonymous to everyone" nobody, the facilitator included, may know whose answers
  // are whose — and a count per name would pair each name with the pseudonym of that count.
  if (level === 'everyone') return <p className="people-progress">Who has answered is not shown: answers are anonymous to everyone.</p>;

  const people = [...participants]
    .map(([id, record]) => {
      const answerId = session.workshop.answerIdOf(id);
      return {
        id,
        name: record.name || 'Unnamed',
        answered: ids.filter((beliefId) => hasAnswered(round, beliefId, answerId, () => readPosition(session.doc, beliefId, answerId) !== null)).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  if (people.length === 0 || ids.length === 0) return null;

  return (
    <details className="people-progress" open>
      <summary>Who has answered</summary>
      <ul aria-label="Beliefs answered, by person">
        {people.map((person) => {
          const showing = gapsOf === person.id;
          const done = person.answered === ids.length;
          return (
            <li key={person.id} data-person={person.name} data-answered={person.answered}>
              <span>
                {person.name}: {person.answered} of {ids.length}
              </span>
              <button
                type="button"
                className="button button--quiet"
                aria-pressed={showing}
                disabled={done && !showing}
                onClick={() => onShowGaps(showing ? null : person.id)}
              >
                {showing ? 'Show all beliefs' : `Show ${person.name}'s gaps`}
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

// While a round is open, above the canvas: which round, how many answers are in of how
// many, each person's count of answered beliefs, when it reveals by itself, and for me
// "Keep my answers" (my previous answers, sealed again in one go). Never a value.
import { useRoundProgress } from '../state/roundHooks.ts';
import { answersLabel } from '../state/roundProgress.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { ActionButton } from '../ui/ActionButton.tsx';

export function RoundBanner() {
  const { session } = useEditor();
  const progress = useRoundProgress(session);
  const { round } = useWorkshop(session);
  if (!progress || !round) return null;
  const deadline = round.deadline === null ? null : new Date(round.deadline);
  const total = progress.beliefIds.length;
  return (
    <div role="status" className="workshop-banner workshop-banner--round" data-round={progress.number}>
      <strong data-round-answers={progress.answers}>
        Round {progress.number} — {answersLabel(progress)}
      </strong>
      <span>Positions are sealed until the facilitator reveals them.</span>
      {progress.people.length > 0 && (
        <ul className="workshop-banner__people" aria-label="Answered so far, by person">
          {progress.people.map((person) => (
            <li key={person.id} data-person={person.name} data-answered={person.answered} data-done={person.answered === total || undefined}>
              {person.name} {person.answered} of {total}
            </li>
          ))}
        </ul>
      )}
      {session.access.canEdit() && <ActionButton action="keep-answers" className="button button--quiet" />}
      {deadline && (
        <span>
          Reveals at <time dateTime={deadline.toISOString()}>{deadline.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>.
        </span>
      )}
    </div>
  );
}

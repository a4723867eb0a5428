// While a round is open, above the canvas: which round, how many people have answered
// every belief in it, who has not yet, and when it reveals by itself. Never a value.
import { useRoundProgress } from '../state/roundHooks.ts';
import { joinNames } from '../state/roundProgress.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function RoundBanner() {
  const { session } = useEditor();
  const progress = useRoundProgress(session);
  const { round } = useWorkshop(session);
  if (!progress || !round) return null;
  const deadline = round.deadline === null ? null : new Date(round.deadline);
  return (
    <div role="status" className="workshop-banner workshop-banner--round" data-round={progress.number}>
      <strong>
        Round {progress.number} — {progress.done} of {progress.people} {progress.people === 1 ? 'person' : 'people'} answered
      </strong>
      <span>Positions are sealed until the facilitator reveals them.</span>
      {progress.missing.length > 0 && <span>Not yet: {joinNames(progress.missing)}.</span>}
      {deadline && (
        <span>
          Reveals at <time dateTime={deadline.toISOString()}>{deadline.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</time>.
        </span>
      )}
    </div>
  );
}

// A belief's figures while its round is open: how many of the round's people have answered
// and who has not — no value, no n of a scale point, nothing derived from answers.
import { useRoundProgress } from '../state/roundHooks.ts';
import { joinNames, sealedLabel } from '../state/roundProgress.ts';
import { useEditor } from '../editor/EditorContext.tsx';

export function SealedFigures({ id, answered }: { id: string; answered: number }) {
  const { session } = useEditor();
  const progress = useRoundProgress(session)?.perBelief.get(id);
  const missing = progress?.missing ?? [];
  return (
    <div className="belief-figures belief-figures--sealed">
      <p data-figure="sealed">{sealedLabel(answered, progress?.of)}</p>
      {missing.length > 0 && <p className="muted" data-figure="not-answered">Not yet: {joinNames(missing)}</p>}
    </div>
  );
}

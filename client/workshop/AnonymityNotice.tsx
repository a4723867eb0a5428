// Tells everyone on the board, participants and view links alike, how anonymous answers
// are while the facilitator has chosen an anonymous level (docs/groups.md); the
// named level, the default, needs no banner.
import { anonymityText, isAnonymous } from '../../shared/anonymity.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useAnonymity } from '../state/workshopStore.ts';

export function AnonymityNotice() {
  const { session } = useEditor();
  const { level, minAnswers } = useAnonymity(session);
  if (!isAnonymous(level)) return null;
  return (
    <p role="status" className="workshop-banner workshop-banner--anonymity" data-anonymity={level}>
      {anonymityText(level)}. A belief&apos;s answers are shown from {minAnswers} answers.
    </p>
  );
}

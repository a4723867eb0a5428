// Tells everyone on the board, above the canvas, that private writing is on: what they add
// now is theirs alone until the facilitator ends it, so nobody anchors on another's notes.
import { usePrivateNotes, usePrivateWriting } from '../editor/hooks.ts';

export function PrivateWritingBanner() {
  const on = usePrivateWriting();
  const mine = usePrivateNotes().length;
  if (!on) return null;
  return (
    <p role="status" className="workshop-banner workshop-banner--private" data-private-writing>
      <strong>Private writing — your new notes stay private until the facilitator ends it</strong>
      {mine > 0 && <span>You have {mine === 1 ? '1 private note' : `${mine} private notes`}.</span>}
    </p>
  );
}

// Tells a participant that the facilitator has frozen the notes, and closes the note
// editor I had open when the lock arrived (the relay would refuse my typing anyway).
import { useEffect } from 'react';
import type { BoardSession } from '../state/session.ts';
import { isLockedForMe } from '../editor/noteAccess.ts';
import { useWorkshop } from '../state/workshopStore.ts';

export function LockNotice({ session }: { session: BoardSession }) {
  const { locked } = useWorkshop(session);
  const lockedForMe = locked && isLockedForMe(session);
  useEffect(() => {
    if (lockedForMe) session.editing.set(null);
  }, [lockedForMe, session]);
  if (!locked) return null;
  return (
    <p role="status" className="workshop-banner workshop-banner--lock">
      {lockedForMe ? 'Board locked by the facilitator: notes cannot be changed, positions can.' : 'Board locked: only facilitators can change notes.'}
    </p>
  );
}

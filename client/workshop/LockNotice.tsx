// Tells a participant that the facilitator has frozen the notes, and closes the note
// editor I had open when the lock arrived (the relay would refuse my typing anyway).
import { useEffect } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { useAccessRole } from '../state/hooks.ts';
import { useWorkshop } from '../state/workshopStore.ts';

export function LockNotice() {
  const editor = useEditor();
  const { locked } = useWorkshop(editor.session);
  useAccessRole(editor.session);
  const lockedForMe = locked && editor.isLockedForMe();
  useEffect(() => {
    if (lockedForMe) editor.editing.set(null);
  }, [lockedForMe, editor]);
  if (!locked) return null;
  return (
    <p role="status" className="workshop-banner workshop-banner--lock">
      {lockedForMe ? 'Board locked by the facilitator: notes cannot be changed, positions can.' : 'Board locked: only facilitators can change notes.'}
    </p>
  );
}

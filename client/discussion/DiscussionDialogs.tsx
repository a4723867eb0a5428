// Shows the belief's discussion or the Actions panel while this tab has one open
// (client/editor/discussion.ts), and gives focus back to where it was when it closes.
import { useEffect, useRef } from 'react';
import { discussionOf } from '../editor/discussion.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useValue } from '../state/hooks.ts';
import { ActionsPanel, ThreadDialog } from './onDemandParts.tsx';

export function DiscussionDialogs() {
  const discussion = discussionOf(useEditor());
  const thread = useValue(discussion.openThread);
  const actionsOpen = useValue(discussion.actionsOpen);
  const open = thread !== null || actionsOpen;
  const returnTo = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Read while rendering the opening, before any effect runs: the dialog's code is
  // downloaded on demand, and its placeholder takes focus in an effect of its own, which
  // runs before this component's effects.
  if (open && !wasOpen.current) {
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
  }
  wasOpen.current = open;

  useEffect(() => {
    if (!open) return;
    return () => {
      const target = returnTo.current;
      // After the dialog has left the page, so the browser does not take focus back to it.
      requestAnimationFrame(() => target?.isConnected && target.focus());
    };
  }, [open]);

  if (thread !== null) return <ThreadDialog key={thread} beliefId={thread} onClose={() => discussion.openThread.set(null)} />;
  if (actionsOpen) return <ActionsPanel onClose={() => discussion.actionsOpen.set(false)} />;
  return null;
}

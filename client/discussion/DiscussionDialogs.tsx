// Shows the belief's discussion or the Actions panel while this tab has one open
// (client/editor/discussion.ts), and gives focus back to where it was when it closes.
import { useEffect, useRef } from 'react';
import { discussionOf } from '../editor/discussion.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { useValue } from '../state/hooks.ts';
import { ActionsPanel } from './ActionsPanel.tsx';
import { ThreadDialog } from './ThreadDialog.tsx';

export function DiscussionDialogs() {
  const discussion = discussionOf(useEditor());
  const thread = useValue(discussion.openThread);
  const actionsOpen = useValue(discussion.actionsOpen);
  const open = thread !== null || actionsOpen;
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
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

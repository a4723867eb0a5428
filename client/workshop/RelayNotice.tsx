// What the relay said no to, in its words, for everyone: a round command it refused, a
// link that can only view on a personal-links board, a participant id another browser
// already answers under. Shown until dismissed or replaced by the next.
import { useSyncExternalStore } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';

export function RelayNotice() {
  const { session } = useEditor();
  const problem = useSyncExternalStore(session.workshop.subscribeProblems, session.workshop.lastProblem);
  if (!problem) return null;
  return (
    <div role="alert" className="notice">
      <p>{problem}</p>
      <button type="button" className="button button--quiet" onClick={() => session.workshop.dismissProblem()}>
        Dismiss
      </button>
    </div>
  );
}

// Says whose view mine tracks, with the way out: "Following Maya · Stop". Panning,
// zooming or switching the view myself stops it too. While someone presents and I have
// stepped out: "Maya is presenting · Follow". While I present: "You are presenting · Stop
// presenting". Whoever I follow may leave without stopping (a closed laptop, a lost
// network): the banner says so, and my view stays where they left it until they come
// back or I step out.
import { useSyncExternalStore } from 'react';
import { getAction, tooltip } from '../editor/actions.ts';
import { useEditor } from '../editor/EditorContext.tsx';
import { readPeers } from '../state/presence.ts';
import type { BoardSession } from '../state/session.ts';
import { useWorkshop } from '../state/workshopStore.ts';
import type { Following } from './following.ts';
import { presenterName } from './presenting.ts';

export function FollowBanner({ following }: { following: Following }) {
  const editor = useEditor();
  const { session } = editor;
  const target = useSyncExternalStore(following.target.subscribe, following.target.get);
  const { presenting } = useWorkshop(session);
  const leader = target?.participantId ?? presenting?.participantId ?? null;
  const leaderAway = useIsAway(session, leader);
  if (target) {
    return (
      <div role="status" className="workshop-banner workshop-banner--follow">
        <span>Following {target.name}</span>
        {leaderAway && <span>— {target.name} has left the board; your view stays where they left it</span>}
        <span aria-hidden="true">·</span>
        <button type="button" className="button button--quiet" aria-label={`Stop following ${target.name}`} onClick={() => following.stop()}>
          Stop
        </button>
      </div>
    );
  }
  if (!presenting) return null;
  if (presenting.participantId === session.me.id) {
    return (
      <div role="status" className="workshop-banner workshop-banner--follow">
        <span>You are presenting: everyone follows your view.</span>
        <button type="button" className="button button--quiet" title={tooltip(getAction('present'))} onClick={() => getAction('present').run(editor)}>
          Stop presenting
        </button>
      </div>
    );
  }
  const name = presenterName(session, presenting);
  return (
    <div role="status" className="workshop-banner workshop-banner--follow">
      <span>{name} is presenting</span>
      {leaderAway && <span>— {name} has left the board for now</span>}
      <span aria-hidden="true">·</span>
      <button type="button" className="button button--quiet" aria-label={`Follow ${name}`} onClick={() => following.follow({ id: presenting.participantId, name })}>
        Follow
      </button>
    </div>
  );
}

/**
 * Whether `participantId` has no tab on the board (any link, as Following looks for a
 * leader): a yes or no, so a cursor moving does not re-render the banner.
 */
function useIsAway(session: BoardSession, participantId: string | null): boolean {
  return useSyncExternalStore(
    (listener) => {
      session.awareness.on('change', listener);
      return () => session.awareness.off('change', listener);
    },
    () => participantId !== null && !readPeers(session.awareness).some((peer) => peer.user.id === participantId),
  );
}

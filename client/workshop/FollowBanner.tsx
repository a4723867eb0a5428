// "Following Alice — Stop": says whose view mine tracks, with the way out. Panning or
// zooming myself stops it too.
import { useSyncExternalStore } from 'react';
import type { Following } from './following.ts';

export function FollowBanner({ following }: { following: Following }) {
  const target = useSyncExternalStore(following.target.subscribe, following.target.get);
  if (!target) return null;
  return (
    <div role="status" className="workshop-banner workshop-banner--follow">
      <span>Following {target.name}</span>
      <button type="button" className="button button--quiet" onClick={() => following.stop()}>
        Stop following
      </button>
    </div>
  );
}

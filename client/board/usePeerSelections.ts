// Which people have which beliefs selected, for markers in the belief list. Awareness
// changes on every cursor move; this only re-renders when a selection or a name changes.
import { useEffect, useState } from 'react';
import { readPeers } from '../state/presence.ts';
import type { BoardSession } from '../state/session.ts';

export interface PeerMarker {
  userId: string;
  name: string;
  color: string;
}

export type PeerSelections = ReadonlyMap<string, readonly PeerMarker[]>;

function read(session: BoardSession): { key: string; selections: PeerSelections } {
  const byBelief = new Map<string, PeerMarker[]>();
  for (const peer of readPeers(session.awareness)) {
    // My other tabs are me: my own selection is already shown as the highlighted row.
    if (peer.user.id === session.me.id) continue;
    for (const beliefId of peer.selection) {
      const markers = byBelief.get(beliefId) ?? [];
      // One marker per person, however many of their tabs select the belief.
      if (!markers.some((m) => m.userId === peer.user.id)) {
        markers.push({ userId: peer.user.id, name: peer.user.name, color: peer.user.color });
      }
      byBelief.set(beliefId, markers);
    }
  }
  const key = JSON.stringify([...byBelief]);
  return { key, selections: byBelief };
}

export function usePeerSelections(session: BoardSession): PeerSelections {
  const [state, setState] = useState(() => read(session));
  useEffect(() => {
    const update = () => {
      const next = read(session);
      setState((previous) => (previous.key === next.key ? previous : next));
    };
    update();
    session.awareness.on('change', update);
    return () => session.awareness.off('change', update);
  }, [session]);
  return state.selections;
}

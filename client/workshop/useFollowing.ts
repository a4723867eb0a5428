// Wires "follow" into a board screen: one Following per screen, my viewport published for
// others to follow, and summons answered.
import { useEffect, useState } from 'react';
import type { BoardSession } from '../state/session.ts';
import type { ViewportStore } from '../editor/viewport.ts';
import { Following } from './following.ts';
import { answerSummons } from './summons.ts';
import { publishViewport } from './viewportPresence.ts';

export function useFollowing(session: BoardSession, viewport: ViewportStore): Following {
  const [following] = useState(() => new Following(session, viewport));
  useEffect(() => {
    const stops = [following.attach(), publishViewport(session, viewport), answerSummons(session, following)];
    return () => stops.forEach((stop) => stop());
  }, [session, viewport, following]);
  return following;
}

// Wires "follow" into a board screen: one Following per screen, my viewport published for
// others to follow, and summons answered.
import { useEffect, useState } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { Following } from './following.ts';
import { answerSummons } from './summons.ts';
import { publishViewport } from './viewportPresence.ts';

export function useFollowing(): Following {
  const { session, viewport } = useEditor();
  const [following] = useState(() => new Following(session, viewport));
  useEffect(() => {
    const stops = [following.attach(), publishViewport(session, viewport), answerSummons(session, following)];
    return () => stops.forEach((stop) => stop());
  }, [session, viewport, following]);
  return following;
}

// Wires "follow" into a board screen: one Following per screen, my view published for
// others to follow, summons answered, and the presenter followed while they present.
import { useEffect, useState } from 'react';
import { useEditor } from '../editor/EditorContext.tsx';
import { Following } from './following.ts';
import { followPresenter } from './presenting.ts';
import { answerSummons } from './summons.ts';
import { publishViewport } from './viewportPresence.ts';

export function useFollowing(): Following {
  const { session, viewport, layout } = useEditor();
  const [following] = useState(() => new Following(session, viewport, layout));
  useEffect(() => {
    const stops = [
      following.attach(),
      publishViewport(session, viewport, layout),
      answerSummons(session, following),
      followPresenter(session, following),
    ];
    return () => stops.forEach((stop) => stop());
  }, [session, viewport, layout, following]);
  return following;
}

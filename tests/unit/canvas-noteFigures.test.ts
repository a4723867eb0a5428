import { describe, expect, it } from 'vitest';
import type Konva from 'konva';
import type { ReactElement } from 'react';
import { figuresLooks, NoteFigures } from '../../client/canvas/NoteFigures.tsx';
import { computeBeliefStats } from '../../shared/stats.ts';

/** The words a note's figure strip draws, through the strip's own sceneFunc. */
function drawnWords(element: ReactElement): string[] {
  const words: string[] = [];
  const context = new Proxy(
    {},
    {
      get: (_, key) => (key === 'fillText' ? (text: string) => words.push(text) : () => {}),
      set: () => true,
    },
  ) as unknown as Konva.Context;
  (element.props as { sceneFunc: (context: Konva.Context) => void }).sceneFunc(context);
  return words;
}

describe('a note in an open round', () => {
  const stats = computeBeliefStats([]);

  it('says how many of the round’s people answered, as the list does', () => {
    expect(drawnWords(NoteFigures({ stats, mine: null, noteHeight: 120, sealedAnswers: 2, roundHeadcount: 5 }))).toEqual(['sealed — 2 of 5 answered']);
  });

  it('is drawn again when someone joins the round, not only when someone answers', () => {
    expect(figuresLooks(stats, null, 2, 5)).not.toBe(figuresLooks(stats, null, 2, 6));
  });
});

// BoardLayout over a real document, through the real belief and statistics indexes.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardLayout } from '../../client/editor/layout/boardLayout.ts';
import { beliefBounds } from '../../client/editor/layout/bounds.ts';
import { MATRIX_BOUNDS } from '../../client/editor/layout/matrix.ts';
import { BeliefIndex } from '../../client/state/beliefIndex.ts';
import { addBelief, setPosition } from '../../shared/model.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { writeRoundStatus, type RoundStatus } from '../../shared/workshop.ts';

const ME = 'me';

function board() {
  const doc = new Y.Doc();
  const measured = addBelief(doc, { text: 'We ship weekly', x: 300, y: 200, authorId: 'ana' }, ME);
  const waiting = addBelief(doc, { text: 'Estimates help', x: -500, y: 100, authorId: 'ana' }, ME);
  for (const [who, agreement] of [['ana', 2], ['ben', 2], ['cy', 1]] as const) {
    setPosition(doc, measured, who, { agreement, direction: -2 }, ME);
  }
  const beliefs = new BeliefIndex(doc);
  const layout = new BoardLayout({ beliefs, stats: new StatsIndex(doc), doc });
  return { doc, beliefs, layout, measured, waiting };
}

describe('BoardLayout', () => {
  it('draws every note at its own place in the free layout', () => {
    const { beliefs, layout, measured } = board();
    expect(layout.positionOf(measured)).toBe(beliefs.get(measured));
    expect(layout.boxOf(measured)).toEqual(beliefBounds(beliefs.get(measured)!));
    expect(layout.positionOf('no-such-belief')).toBeUndefined();
    // Both notes, 200 × 120 each: one at (−500, 100), one at (300, 200).
    expect(layout.fitBounds('blank')).toEqual({ minX: -500, minY: 100, maxX: 500, maxY: 320 });
  });

  it('draws notes by the numbers in the Measured view without writing to the document', () => {
    const { doc, beliefs, layout, measured, waiting } = board();
    let writes = 0;
    doc.on('update', () => writes++);
    layout.mode.set('measured');
    layout.progress.set(1);
    const at = layout.positionOf(measured)!;
    // Converged (+2, +2, +1) and everyone wants to challenge it: upper left.
    expect(at.x + 100).toBeLessThan(0);
    expect(at.y + 60).toBeLessThan(0);
    expect(layout.positionOf(waiting)!.y).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    expect(layout.boxOf(measured)).toMatchObject({ minX: at.x, minY: at.y });
    expect(layout.fitBounds('blank')).toEqual(layout.measured().bounds);
    expect(beliefs.get(measured)).toMatchObject({ x: 300, y: 200 });
    expect(layout.isRearranged()).toBe(true);
    expect(writes).toBe(0);
  });

  it('glides between the two, handing out one point per note per frame', () => {
    const { beliefs, layout, measured } = board();
    layout.progress.set(0.5);
    const free = beliefs.get(measured)!;
    const target = layout.measured().positions.get(measured)!;
    const midway = layout.positionOf(measured)!;
    expect(midway).toEqual({ x: (free.x + target.x) / 2, y: (free.y + target.y) / 2 });
    expect(layout.positionOf(measured)).toBe(midway);
  });

  it('tells its listeners about new positions only while the notes are rearranged', () => {
    const { doc, layout, measured, waiting } = board();
    let calls = 0;
    const stop = layout.subscribe(() => calls++);
    setPosition(doc, waiting, 'ana', { agreement: 1 }, ME);
    expect(calls).toBe(0);
    layout.progress.set(1);
    calls = 0;
    const before = layout.positionOf(measured);
    setPosition(doc, waiting, 'ben', { agreement: 1 }, ME);
    expect(calls).toBeGreaterThan(0);
    // The other note did not move, so it keeps its point and does not re-render.
    expect(layout.positionOf(measured)).toBe(before);
    stop();
    calls = 0;
    setPosition(doc, waiting, 'cy', { agreement: 1 }, ME);
    expect(calls).toBe(0);
  });

  it('moves a belief from the tray onto the map when its third position arrives', () => {
    const { doc, layout, waiting } = board();
    layout.progress.set(1);
    expect(layout.positionOf(waiting)!.y).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    for (const who of ['ana', 'ben', 'cy']) setPosition(doc, waiting, who, { agreement: -2, direction: 2 }, ME);
    const at = layout.positionOf(waiting)!;
    // Everyone strongly disagrees and wants to keep it that way: converged, upper right.
    expect(at.x + 100).toBeGreaterThan(0);
    expect(at.y + 60).toBeLessThan(0);
    expect(layout.measured().trays).toEqual([]);
  });

  it('sends the beliefs of an open round to the tray, and brings them back at the reveal', () => {
    const { doc, layout, measured } = board();
    layout.progress.set(1);
    let calls = 0;
    const stop = layout.subscribe(() => calls++);
    const onMap = layout.positionOf(measured)!;
    expect(onMap.y).toBeLessThan(MATRIX_BOUNDS.maxY);
    const keyBefore = layout.contentKey();

    const round: RoundStatus = {
      number: 1,
      status: 'open',
      beliefIds: [measured],
      startedAt: 1,
      deadline: null,
      autoReveal: false,
      answered: {},
      revealedAt: null,
    };
    writeRoundStatus(doc, round, 'relay');
    // Its three positions from before the round are still in the document, and must not show.
    expect(layout.positionOf(measured)!.y).toBeGreaterThan(MATRIX_BOUNDS.maxY);
    expect(layout.measured().trays).not.toEqual([]);
    expect(layout.contentKey()).not.toBe(keyBefore);
    expect(calls).toBeGreaterThan(0);

    writeRoundStatus(doc, { ...round, status: 'revealed', revealedAt: 2 }, 'relay');
    expect(layout.positionOf(measured)).toEqual(onMap);
    stop();
  });
});

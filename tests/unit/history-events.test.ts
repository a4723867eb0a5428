// What each moment of a board's history is called (shared/history/momentEvents.ts) and the
// board rebuilt after each (shared/history/boardHistory.ts), from batches made the way the
// relay stores them: one update per batch, merged into one log entry as compaction does.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardHistory } from '../../shared/history/boardHistory.ts';
import { changeOfUpdate, encodeMomentChange } from '../../shared/history/momentCodec.ts';
import { describeEvents, timelineEvents } from '../../shared/history/momentEvents.ts';
import { addBelief, createBoard, deleteBeliefs, listBeliefs, moveBeliefs, readBelief, restoreBeliefs, setBeliefText, setPosition, upsertParticipant } from '../../shared/model.ts';

/** Runs each step as one batch on a garbage-collecting document, as the relay's is; returns the history. */
function historyOf(steps: ((doc: Y.Doc) => void)[]): { history: BoardHistory; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const moments = steps.map((step, i) => {
    const before = updates.length;
    doc.transact(() => step(doc), 'test');
    const batch = Y.mergeUpdates(updates.slice(before));
    return { seq: i, at: 1_000 * i, change: encodeMomentChange(changeOfUpdate(batch)) };
  });
  const history = new BoardHistory();
  history.addMoments(moments);
  history.addLog(Y.mergeUpdates(updates));
  return { history, doc };
}

describe('a board history', () => {
  it('names what each moment did, and rebuilds the board after each', () => {
    let id = '';
    const { history } = historyOf([
      (doc) => createBoard(doc, { title: 'Team' }),
      (doc) => upsertParticipant(doc, { id: 'ana', name: 'Ana', color: '#e03131' }, 'test'),
      (doc) => {
        id = addBelief(doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'ana' }, 'test');
      },
      (doc) => setBeliefText(doc, id, 'We ship', 'test'),
      (doc) => moveBeliefs(doc, [{ id, x: 300, y: 40 }], 'test'),
      (doc) => setPosition(doc, id, 'ana', { agreement: 2, direction: 1 }, 'test'),
      (doc) => deleteBeliefs(doc, [id], 'ana', 'test'),
      (doc) => restoreBeliefs(doc, [id], 'test'),
      (doc) => upsertParticipant(doc, { id: 'ana', name: 'Ana B', color: '#e03131' }, 'test'),
    ]);
    const events = timelineEvents(history.doc, history.moments);
    expect(events.slice(1)).toEqual([
      [{ kind: 'joined', participantId: 'ana' }],
      [{ kind: 'added', beliefId: id }],
      [{ kind: 'edited', beliefId: id }],
      [{ kind: 'moved', beliefId: id }],
      [{ kind: 'position', beliefId: id, participantId: 'ana' }],
      [{ kind: 'removed', beliefId: id }],
      [{ kind: 'restored', beliefId: id }],
      [{ kind: 'renamed-person', participantId: 'ana' }],
    ]);
    const textOf = (beliefId: string) => readBelief(history.doc, beliefId)?.text ?? '';
    const nameOf = () => 'Ana';
    expect(events.map((each) => describeEvents(each, textOf, nameOf)).slice(1)).toEqual([
      'Ana joined',
      'Added “We ship”',
      'Edited “We ship”',
      'Moved “We ship”',
      'A position on “We ship”',
      'Deleted “We ship”',
      'Restored “We ship”',
      'Ana changed name or colour',
    ]);
    // The board after each moment: the text before the cut, the place before the move.
    const at = (index: number) => listBeliefs(history.docAt(index)).map(({ text, x, y }) => ({ text, x, y }));
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual([{ text: 'We ship weekly', x: 0, y: 0 }]);
    expect(at(3)).toEqual([{ text: 'We ship', x: 0, y: 0 }]);
    expect(at(4)).toEqual([{ text: 'We ship', x: 300, y: 40 }]);
    expect(at(6)).toEqual([]);
    expect(at(7)).toEqual([{ text: 'We ship', x: 300, y: 40 }]);
  });

  it('finds the last moment at or before a time', () => {
    const { history } = historyOf([(doc) => createBoard(doc), (doc) => createBoard(doc, { title: 'Again' })]);
    expect([-1, 0, 999, 1_000, 5_000].map((at) => history.indexAt(at))).toEqual([-1, 0, 0, 1, 1]);
  });
});

describe('a moment read from its batch', () => {
  it('has the clock ranges Yjs reads from the update, for batches of several writers', () => {
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const updates: Uint8Array[] = [];
    for (const [i, doc] of docs.entries()) {
      doc.on('update', (update: Uint8Array) => updates.push(update));
      const id = addBelief(doc, { text: `Belief ${i}`, x: i, y: 0, authorId: `p${i}` }, 'test');
      setBeliefText(doc, id, `Belief ${i}, edited`, 'test');
      deleteBeliefs(doc, [id], `p${i}`, 'test');
    }
    for (const batch of [updates[0], Y.mergeUpdates(updates.slice(0, 4)), Y.mergeUpdates(updates)]) {
      const change = changeOfUpdate(batch);
      const meta = Y.parseUpdateMeta(batch);
      expect(change.from).toEqual(meta.from);
      expect(change.to).toEqual(meta.to);
      expect(change.deleted).toEqual(Y.decodeUpdate(batch).ds);
    }
    expect(changeOfUpdate(Y.mergeUpdates(updates)).from.size).toBe(3);
  });
});

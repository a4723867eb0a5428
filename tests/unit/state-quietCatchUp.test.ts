// A large catch-up from the relay is applied without Yjs re-encoding it (client/state/
// quietCatchUp.ts): the document must end up the same, and every 'update' listener must
// get an update that brings another copy to the same state — once, and only on a change.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, listBeliefs } from '../../shared/model.ts';
import { QuietDoc } from '../../client/state/quietCatchUp.ts';

function boardWithBeliefs(count: number): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Catch-up' });
  for (let i = 0; i < count; i++) addBelief(doc, { text: `Belief ${i}`, x: i, y: 0, authorId: 'p' }, 'test');
  return doc;
}

describe('applyQuietly', () => {
  it('applies the update and hands the listeners bytes that rebuild the same board', () => {
    const source = boardWithBeliefs(40);
    const update = Y.encodeStateAsUpdate(source);
    const target = new QuietDoc();
    const received: { update: Uint8Array; origin: unknown }[] = [];
    target.on('update', (bytes: Uint8Array, origin: unknown) => received.push({ update: bytes, origin }));
    const observed: number[] = [];
    target.getMap('beliefs').observe((event) => observed.push(event.keysChanged.size));

    target.applyQuietly(update, 'relay');

    expect(listBeliefs(target).map((b) => b.text)).toEqual(listBeliefs(source).map((b) => b.text));
    expect(observed).toEqual([40]);
    expect(received).toHaveLength(1);
    // The very bytes that came in: nothing was encoded for the listeners.
    expect(received[0].update).toBe(update);
    expect(received[0].origin).toBe('relay');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, received[0].update);
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(source));
  });

  it('keeps the listeners for later updates, which Yjs encodes as usual', () => {
    const source = boardWithBeliefs(3);
    const target = new QuietDoc();
    let calls = 0;
    target.on('update', () => calls++);
    target.applyQuietly(Y.encodeStateAsUpdate(source), 'relay');
    addBelief(target, { text: 'Later', x: 0, y: 0, authorId: 'q' }, 'me');
    expect(calls).toBe(2);
  });

  it('tells nobody when the update changes nothing', () => {
    const source = boardWithBeliefs(3);
    const target = new QuietDoc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(source));
    let calls = 0;
    target.on('update', () => calls++);
    target.applyQuietly(Y.encodeStateAsUpdate(source), 'relay');
    expect(calls).toBe(0);
  });

  it('hands nothing to a listener removed with off(), and keeps the order of the others', () => {
    const source = boardWithBeliefs(3);
    const target = new QuietDoc();
    const calls: string[] = [];
    const first = () => calls.push('first');
    const removed = () => calls.push('removed');
    target.on('update', first);
    target.on('update', removed);
    target.on('update', () => calls.push('last'));
    target.off('update', removed);
    target.applyQuietly(Y.encodeStateAsUpdate(source), 'relay');
    addBelief(target, { text: 'Later', x: 0, y: 0, authorId: 'q' }, 'me');
    expect(calls).toEqual(['first', 'last', 'first', 'last']);
  });
});

// A large catch-up from the relay is applied without Yjs re-encoding it (client/state/
// quietCatchUp.ts): the document must end up the same, and every 'update' listener must
// get an update that brings another copy to the same state — once, and only on a change.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, listBeliefs } from '../../shared/model.ts';
import { applyQuietly } from '../../client/state/quietCatchUp.ts';

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
    const target = new Y.Doc();
    const received: { update: Uint8Array; origin: unknown }[] = [];
    target.on('update', (bytes: Uint8Array, origin: unknown) => received.push({ update: bytes, origin }));
    const observed: number[] = [];
    target.getMap('beliefs').observe((event) => observed.push(event.keysChanged.size));

    applyQuietly(target, update, 'relay');

    expect(listBeliefs(target).map((b) => b.text)).toEqual(listBeliefs(source).map((b) => b.text));
    expect(observed).toEqual([40]);
    expect(received).toHaveLength(1);
    expect(received[0].origin).toBe('relay');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, received[0].update);
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(source));
  });

  it('keeps the listeners for later updates, which Yjs encodes as usual', () => {
    const source = boardWithBeliefs(3);
    const target = new Y.Doc();
    let calls = 0;
    target.on('update', () => calls++);
    applyQuietly(target, Y.encodeStateAsUpdate(source), 'relay');
    addBelief(target, { text: 'Later', x: 0, y: 0, authorId: 'q' }, 'me');
    expect(calls).toBe(2);
  });

  it('tells nobody when the update changes nothing', () => {
    const source = boardWithBeliefs(3);
    const target = new Y.Doc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(source));
    let calls = 0;
    target.on('update', () => calls++);
    applyQuietly(target, Y.encodeStateAsUpdate(source), 'relay');
    expect(calls).toBe(0);
  });
});

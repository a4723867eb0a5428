// A large catch-up from the relay is applied without Yjs re-encoding it (client/state/
// quietCatchUp.ts): the document must end up the same, and every 'update' listener must
// get an update that brings another copy to the same state — once, and only on a change.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, listBeliefs, moveBeliefs, setBeliefText } from '../../shared/model.ts';
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

describe('applyQuietly after an update that waited for it', () => {
  // A colleague's change can reach a browser before the relay's catch-up it builds on (it is
  // relayed while the catch-up is on its way). Yjs keeps it waiting, then takes it in while
  // applying the catch-up; the listeners (this browser's offline copy) must get it too.
  it('hands the listeners what the waiting update brought as well', () => {
    const source = boardWithBeliefs(40);
    const catchUp = Y.encodeStateAsUpdate(source);
    const before = Y.encodeStateVector(source);
    const later = boardWithBeliefs(0);
    Y.applyUpdate(later, catchUp);
    // An edit of a belief the catch-up brings: it builds on the catch-up's structs.
    const edited = listBeliefs(later)[0].id;
    setBeliefText(later, edited, 'Edited while the catch-up travelled', 'colleague');
    moveBeliefs(later, [{ id: edited, x: 500, y: 500 }], 'colleague');
    Y.applyUpdate(source, Y.encodeStateAsUpdate(later, before));
    const waiting = Y.encodeStateAsUpdate(later, before);

    const target = new QuietDoc();
    const received: Uint8Array[] = [];
    target.on('update', (bytes: Uint8Array) => received.push(bytes));
    Y.applyUpdate(target, waiting, 'relay');
    expect(listBeliefs(target), 'the edit waits for what it builds on').toEqual([]);
    target.applyQuietly(catchUp, 'relay');

    const board = (doc: Y.Doc) => listBeliefs(doc).map((b) => `${b.text} @${b.x},${b.y}`).sort();
    expect(board(target)).toEqual(board(later));
    const copy = new Y.Doc();
    for (const bytes of received) Y.applyUpdate(copy, bytes);
    expect(board(copy), 'the offline copy holds the board').toEqual(board(later));
  });
});

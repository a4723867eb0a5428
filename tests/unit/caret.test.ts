import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mapIndexThroughDelta, type TextDeltaOp } from '../../client/state/caret.ts';

describe('mapIndexThroughDelta', () => {
  it('pushes the caret along by text inserted before it', () => {
    expect(mapIndexThroughDelta(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
  });

  it('leaves the caret alone for text inserted after it', () => {
    expect(mapIndexThroughDelta(5, [{ retain: 7 }, { insert: 'abc' }])).toBe(5);
  });

  it('puts an insertion exactly at the caret before it', () => {
    expect(mapIndexThroughDelta(5, [{ retain: 5 }, { insert: 'xy' }])).toBe(7);
  });

  it('pulls the caret back by text deleted before it, and into a deleted span that held it', () => {
    expect(mapIndexThroughDelta(5, [{ delete: 2 }])).toBe(3);
    expect(mapIndexThroughDelta(5, [{ retain: 3 }, { delete: 4 }])).toBe(3);
    expect(mapIndexThroughDelta(5, [{ retain: 5 }, { delete: 4 }])).toBe(5);
  });

  it('agrees with a real Y.Text change from another replica', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    mine.getText('t').insert(0, 'hello world');
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    const caret = 'hello wor'.length; // my caret, before "ld"
    let mapped = -1;
    mine.getText('t').observe((event) => {
      mapped = mapIndexThroughDelta(caret, event.delta as TextDeltaOp[]);
    });
    theirs.transact(() => {
      theirs.getText('t').delete(0, 5);
      theirs.getText('t').insert(0, 'goodbye, cruel');
    });
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs));
    const text = mine.getText('t').toString();
    expect(text).toBe('goodbye, cruel world');
    expect(text.slice(mapped)).toBe('ld');
  });
});

// The relay's first reply to a browser with nothing of the board (server/relay/wholeBoard.ts):
// one sync step 2 holding the board as it is now, whatever happened to it; the same bytes
// for a crowd arriving while it is unchanged, encoded once; made afresh after a change.
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../shared/groups/kMeans.ts';
import { WholeBoardReply } from '../../server/relay/wholeBoard.ts';

/** A browser's document after reading the relay's first reply, which must be one sync step 2. */
function readAsNewcomer(message: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder), 'a sync message').toBe(0);
  expect(decoding.readVarUint(decoder), 'a sync step 2').toBe(syncProtocol.messageYjsSyncStep2);
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  expect(decoding.hasContent(decoder), 'nothing after the update').toBe(false);
  return doc;
}

function contentOf(doc: Y.Doc): unknown {
  return { notes: doc.getMap('notes').toJSON(), log: doc.getArray('log').toJSON() };
}

function board(): { doc: Y.Doc; reply: WholeBoardReply; encodings: () => number } {
  const doc = new Y.Doc();
  let encodings = 0;
  const reply = new WholeBoardReply(() => {
    encodings++;
    return Y.encodeStateAsUpdate(doc);
  });
  // As the room: every change the document takes.
  doc.on('update', () => reply.changed());
  return { doc, reply, encodings: () => encodings };
}

describe('the whole board for a newcomer', () => {
  it('is the board as it is now, whatever happened to it (seeded random changes and arrivals)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.info(`whole-board replies: seed ${seed} (rerun with SEED=${seed})`);
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 20; round++) {
      const { doc, reply } = board();
      const notes = doc.getMap<string>('notes');
      const log = doc.getArray<string>('log');
      for (let i = 0; i < 60; i++) notes.set(`n${i}`, `belief ${i} `.repeat(20));
      // As the room does after loading a stored board that is the whole board.
      if (random() < 0.5) reply.startFrom(Y.encodeStateAsUpdate(doc));
      for (let step = 0; step < 300; step++) {
        const what = random();
        if (what < 0.4) notes.set(`n${pick(80)}`, `text ${step} `.repeat(1 + pick(40)));
        else if (what < 0.5) notes.delete(`n${pick(80)}`);
        else if (what < 0.6) log.push([`entry ${step}`]);
        else if (what < 0.65 && log.length > 0) log.delete(pick(log.length), 1);
        else expect(contentOf(readAsNewcomer(reply.message())), `seed ${seed}, round ${round}, step ${step}`).toEqual(contentOf(doc));
      }
    }
  });

  it('gives a crowd arriving at an unchanged board the same bytes, encoded once, and encodes again after a change', () => {
    const { doc, reply, encodings } = board();
    const notes = doc.getMap<string>('notes');
    for (let i = 0; i < 500; i++) notes.set(`n${i}`, `a belief the team holds, number ${i}, `.repeat(10));
    const first = reply.message();
    for (let arrival = 0; arrival < 30; arrival++) expect(reply.message()).toBe(first);
    expect(encodings()).toBe(1);
    notes.set('n0', 'changed as the next person arrives');
    const next = reply.message();
    expect(next).not.toBe(first);
    expect(contentOf(readAsNewcomer(next))).toEqual(contentOf(doc));
    expect(encodings()).toBe(2);
  });

  it('sends the stored state as it was read, until the board changes', () => {
    const { doc, reply, encodings } = board();
    doc.getMap<string>('notes').set('n', 'stored');
    const stored = Y.encodeStateAsUpdate(doc);
    reply.startFrom(stored);
    const decoder = decoding.createDecoder(reply.message());
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    expect(decoding.readVarUint8Array(decoder)).toEqual(stored);
    expect(encodings()).toBe(0);
    doc.getMap<string>('notes').set('n', 'changed');
    expect(contentOf(readAsNewcomer(reply.message()))).toEqual({ notes: { n: 'changed' }, log: [] });
  });
});

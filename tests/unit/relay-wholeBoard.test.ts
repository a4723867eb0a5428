// The relay's first reply to a browser with nothing of the board (server/relay/wholeBoard.ts):
// whatever happened to the board, a newcomer holds the board as it is now the moment its
// sync step 2 — the last message — is read (a browser takes that board as the board); a
// crowd costs one encoding of the whole board; and once a change may have to hide what an
// earlier one held, the reply starts afresh from the document, where removed values are gone.
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../shared/groups/kMeans.ts';
import { WholeBoardReply } from '../../server/relay/wholeBoard.ts';
import { COMPRESS_MIN_BYTES } from '../../server/relay/compressedMessages.ts';
import { messageCompressed } from '../../shared/protocol.ts';
import { inflateRawSync } from 'node:zlib';

/** A compressed message (shared/protocol.ts) inflated, or the message itself when it is not one. */
function inflated(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== messageCompressed) return message;
  const length = decoding.readVarUint(decoder);
  const inner = new Uint8Array(inflateRawSync(decoding.readVarUint8Array(decoder)));
  expect(inner.length, 'the length it says').toBe(length);
  return inner;
}

/** A browser's document after reading the relay's messages: updates, then one sync step 2, last. */
function readAsNewcomer(messages: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  messages.forEach((message, index) => {
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder), 'a sync message').toBe(0);
    const type = decoding.readVarUint(decoder);
    expect(type, 'the sync step 2 last, updates before it').toBe(index === messages.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    expect(decoding.hasContent(decoder), 'nothing after the update').toBe(false);
  });
  return doc;
}

function contentOf(doc: Y.Doc): unknown {
  return { notes: doc.getMap('notes').toJSON(), log: doc.getArray('log').toJSON() };
}

function board(): { doc: Y.Doc; reply: WholeBoardReply; encodings: () => number; keep: { value: boolean } } {
  const doc = new Y.Doc();
  let encodings = 0;
  const reply = new WholeBoardReply(() => {
    encodings++;
    return Y.encodeStateAsUpdate(doc);
  });
  const keep = { value: true };
  // As the room: every change the document takes.
  doc.on('update', (update: Uint8Array) => reply.changed(update, () => keep.value));
  return { doc, reply, encodings: () => encodings, keep };
}

describe('the whole board for a newcomer', () => {
  it('is the board as it is now once its sync step 2 is read, whatever happened to it (seeded random changes and arrivals)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
    console.info(`whole-board replies: seed ${seed} (rerun with SEED=${seed})`);
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    for (let round = 0; round < 20; round++) {
      const { doc, reply, keep } = board();
      const notes = doc.getMap<string>('notes');
      const log = doc.getArray<string>('log');
      for (let i = 0; i < 60; i++) notes.set(`n${i}`, `belief ${i} `.repeat(20));
      for (let step = 0; step < 400; step++) {
        const what = random();
        keep.value = random() > 0.05;
        if (what < 0.45) notes.set(`n${pick(80)}`, `text ${step} `.repeat(1 + pick(400)));
        else if (what < 0.6) notes.delete(`n${pick(80)}`);
        else if (what < 0.75) log.push([`entry ${step}`]);
        else if (what < 0.8 && log.length > 0) log.delete(pick(log.length), 1);
        else expect(contentOf(readAsNewcomer(reply.messages(false))), `seed ${seed}, round ${round}, step ${step}`).toEqual(contentOf(doc));
      }
    }
  });

  it('costs a crowd one encoding of the board while the changes since stay small, and one more once they do not', () => {
    const { doc, reply, encodings } = board();
    const notes = doc.getMap<string>('notes');
    for (let i = 0; i < 500; i++) notes.set(`n${i}`, `a belief the team holds, number ${i}, `.repeat(10));
    const first = reply.messages(false);
    expect(first).toHaveLength(1);
    for (let arrival = 0; arrival < 30; arrival++) {
      notes.set(`n${arrival}`, `changed by someone as person ${arrival} arrives`);
      const messages = reply.messages(false);
      expect(messages, 'the changes since, then the board').toHaveLength(2);
      // The board's bytes are the same for everyone: framed once.
      expect(messages[1]).toBe(first[0]);
      expect(contentOf(readAsNewcomer(messages))).toEqual(contentOf(doc));
    }
    expect(encodings()).toBe(1);
    // Changes adding up to more than an eighth of the board: the board is encoded again.
    for (let i = 0; i < 200; i++) notes.set(`big${i}`, 'x'.repeat(1_000));
    expect(reply.messages(false)).toHaveLength(1);
    expect(encodings()).toBe(2);
  });

  it('starts afresh from the document after a change that may hide what earlier ones held', () => {
    const { doc, reply, keep } = board();
    const positions = doc.getMap<string>('positions');
    positions.set('belief-1:alice', 'ALICE-NAMED-ANSWER');
    reply.messages(false);
    positions.set('belief-1:bob', 'BOB-NAMED-ANSWER');
    // The board turns anonymous: the relay moves the named answers under pseudonyms.
    keep.value = false;
    doc.transact(() => {
      for (const [key, value] of positions) {
        positions.delete(key);
        positions.set(`belief-1:pseudonym-${key.length}`, value.replace('NAMED', 'PSEUDONYMOUS'));
      }
    });
    const sent = Buffer.concat(reply.messages(false)).toString('latin1');
    expect(sent).not.toContain('NAMED-ANSWER');
    expect(sent).toContain('PSEUDONYMOUS-ANSWER');
  });

  it('gives a browser that reads compressed messages the same messages deflated, each made once, and small ones as they are', () => {
    const { doc, reply, encodings } = board();
    const notes = doc.getMap<string>('notes');
    for (let i = 0; i < 500; i++) notes.set(`n${i}`, `a belief the team holds, number ${i}, `.repeat(10));
    const [plain] = reply.messages(false);
    const [compressed] = reply.messages(true);
    expect(compressed[0], 'a compressed message').toBe(messageCompressed);
    expect(compressed.length, 'much smaller').toBeLessThan(plain.length / 5);
    expect(inflated(compressed)).toEqual(plain);
    expect(reply.messages(true)[0], 'made once for everyone').toBe(compressed);

    // A change since: small, so it goes as it is, before the board compressed as before.
    notes.set('n1', 'changed');
    const [since, whole] = reply.messages(true);
    expect(since.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(since[0], 'a plain sync message').toBe(0);
    expect(whole).toBe(compressed);
    expect(contentOf(readAsNewcomer(reply.messages(true).map(inflated)))).toEqual(contentOf(doc));

    // A large one since is compressed too, and what a newcomer reads is the board as it is.
    for (let i = 0; i < 40; i++) notes.set(`late${i}`, `written while people arrive, ${i} `.repeat(8));
    const [bigSince] = reply.messages(true);
    expect(bigSince[0]).toBe(messageCompressed);
    expect(inflated(bigSince)).toEqual(reply.messages(false)[0]);
    expect(contentOf(readAsNewcomer(reply.messages(true).map(inflated)))).toEqual(contentOf(doc));
    expect(encodings()).toBe(1);
  });
});

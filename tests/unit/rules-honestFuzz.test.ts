// Honest browsers must never be forbidden (a forbidden update closes the browser with 4430
// and reloads its page) — the other side of the rules' reading of what a key holds. Several browsers
// (two tabs of one person, a colleague, a facilitator) edit one board through the model,
// with Y.UndoManager undo/redo, multi-step drags, and offline spells ended by a catch-up
// (sync step 2), while the others keep writing. Every update goes through decideUpdate
// against the relay's document, as the relay would. Prints its seed; SEED=<n> reruns it.
import * as prng from 'lib0/prng';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, createBoard, deleteBeliefs, moveBeliefs, restoreBeliefs, setBeliefColor, setBeliefText, setPosition, undoScope, upsertParticipant, beliefIds } from '../../shared/model.ts';
import { addComment, commentsMap, deleteComment, editComment } from '../../shared/comments.ts';
import type { Actor } from '../../shared/boardRules.ts';
import { decideUpdate, type ClientOwnership } from '../../server/rules/decideUpdate.ts';

const SEED = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
const ROUNDS = Number(process.env.HONEST_ROUNDS ?? 60);
const STEPS = Number(process.env.HONEST_STEPS ?? 80);
/**
 * Reasons skipped (the browser reloads instead): by default the one known conservative
 * reading — a tab that never heard of its own participant record writes it twice while
 * offline, and the relay cannot reach the key's values from a first value (a map's list is
 * Yjs's own) to tell where the deleted one lands, so it counts as removing the record
 * (docs/architecture.md). HONEST_IGNORE=<regexp> replaces it while hunting for others.
 */
const IGNORE = new RegExp(process.env.HONEST_IGNORE ?? '^only the relay writes participants\\.');
const COLORS = ['yellow', 'blue', 'green', 'pink'] as const;

interface Browser {
  actor: Actor;
  doc: Y.Doc;
  undo: Y.UndoManager;
  online: boolean;
  /** Updates written while online, not yet sent. */
  outbox: Uint8Array[];
}

it(`never forbids what honest browsers send (seed ${SEED})`, () => {
  console.log(`honest fuzz: seed ${SEED}, ${ROUNDS} rounds (rerun with SEED=${SEED})`);
  const gen = prng.create(SEED);
  const tally = { updates: 0, refusals: 0, reloads: 0, forbidden: [] as string[] };
  for (let round = 0; round < ROUNDS && tally.forbidden.length === 0; round++) {
    const relay = new Y.Doc();
    relay.clientID = prng.uint32(gen, 1, 2 ** 31);
    createBoard(relay, { title: 'Board' });
    const owners = new Map<number, string>();
    const browsers: Browser[] = [];
    const open = (actor: Actor): Browser => {
      const doc = new Y.Doc();
      doc.clientID = prng.uint32(gen, 1, 2 ** 31);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
      const browser: Browser = { actor, doc, undo: new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([actor.participantId]), captureTimeout: 0 }), online: true, outbox: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'relay' && browser.online) browser.outbox.push(update);
      });
      return browser;
    };
    const actors: Actor[] = [
      { role: 'edit', participantId: 'alice' },
      { role: 'edit', participantId: 'alice' },
      { role: 'edit', participantId: 'bob' },
      { role: 'facilitate', participantId: 'fiona' },
    ];
    for (const actor of actors) browsers.push(open(actor));
    const ownerOf = (actor: Actor) => (client: number): ClientOwnership => {
      const owner = owners.get(client);
      return owner === undefined ? 'free' : owner === actor.participantId ? 'mine' : 'taken';
    };
    const broadcast = (update: Uint8Array) => {
      for (const other of browsers) if (other.online) Y.applyUpdate(other.doc, update, 'relay');
    };
    const reload = (index: number) => {
      tally.reloads++;
      browsers[index].undo.destroy();
      browsers[index] = open(browsers[index].actor);
    };
    /** Sends one update as the relay would receive it; false when the browser had to reload. */
    const send = (index: number, update: Uint8Array, catchUp: boolean, step: number): boolean => {
      const browser = browsers[index];
      tally.updates++;
      const decision = decideUpdate(relay, update, { actor: browser.actor, ownerOf: ownerOf(browser.actor), maxBeliefsPerBoard: 200, maxBeliefText: 500, fits: () => true, catchUp });
      if (decision.kind === 'forbidden' && IGNORE.test(decision.reason)) {
        reload(index);
        return false;
      }
      if (decision.kind === 'forbidden') {
        if (process.env.HONEST_TRACE) {
          const copy = new Y.Doc();
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(relay));
          Y.applyUpdate(copy, update);
          const decoded = Y.decodeUpdate(update);
          console.log('FORBIDDEN', decision.reason, 'structs', decoded.structs.map((s) => `${s.id.client}:${s.id.clock}+${s.length} o=${(s as Y.Item).origin?.client}:${(s as Y.Item).origin?.clock} ${(s as Y.Item).parentSub} ${(s as Y.Item).content?.constructor.name}`), 'ds', [...decoded.ds.clients].map(([c, r]) => `${c}:${r.map((x) => `${x.clock}+${x.len}`)}`));
          for (const [id, fields] of (relay.getMap('beliefs') as Y.Map<Y.Map<unknown>>).entries()) {
            for (const key of ['x', 'y', 'color']) {
              if (fields.has(key) && !(copy.getMap('beliefs').get(id) as Y.Map<unknown> | undefined)?.has(key)) console.log('APPLYING EMPTIES', id, key);
            }
          }
        }
        tally.forbidden.push(`round ${round} step ${step}, browser ${index} (${browser.actor.participantId}${catchUp ? ', catch-up' : ''}): ${decision.reason}`);
        return false;
      }
      if (decision.kind === 'apply') {
        for (const client of decision.clients) if (!owners.has(client)) owners.set(client, browser.actor.participantId!);
        const before = Y.encodeStateVector(relay);
        Y.applyUpdate(relay, decision.update);
        broadcast(Y.encodeStateAsUpdate(relay, before));
        if (decision.refusals.length > 0) {
          tally.refusals++;
          reload(index);
          return false;
        }
        return true;
      }
      if (decision.kind === 'nothing') return true;
      // resync / heldBack / wait: a real browser catches up or reloads; here it reloads.
      reload(index);
      return false;
    };
    const flush = (index: number, step: number) => {
      const browser = browsers[index];
      while (browser.outbox.length > 0 && browsers[index] === browser) {
        if (!send(index, browser.outbox.shift()!, false, step)) return;
      }
    };

    for (let step = 0; step < STEPS && tally.forbidden.length === 0; step++) {
      const index = prng.int32(gen, 0, browsers.length - 1);
      const browser = browsers[index];
      const { doc, actor } = browser;
      const me = actor.participantId!;
      const ids = beliefIds(doc);
      const anyId = () => prng.oneOf(gen, ids);
      const choice = prng.int32(gen, 0, 13);
      if (process.env.HONEST_TRACE) console.log(`round ${round} step ${step} browser ${index} ${browser.online ? 'on' : 'off'} choice ${choice}`);
      try {
        if (choice === 0 || ids.length === 0) addBelief(doc, { text: 'n', x: prng.int32(gen, 0, 500), y: prng.int32(gen, 0, 500), authorId: me }, me);
        else if (choice <= 2) {
          // A drag: several pointer steps, one of several notes at once sometimes.
          const moving = prng.bool(gen) ? [anyId()] : ids.slice(0, prng.int32(gen, 1, ids.length));
          for (let pointer = prng.int32(gen, 1, 6); pointer > 0; pointer--) moveBeliefs(doc, moving.map((id) => ({ id, x: prng.int32(gen, 0, 900), y: prng.int32(gen, 0, 900) })), me);
        } else if (choice === 3) setBeliefColor(doc, [anyId()], prng.oneOf(gen, [...COLORS]), me);
        else if (choice === 4) setBeliefText(doc, anyId(), prng.word(gen, 1, 8), me);
        else if (choice === 5) setPosition(doc, anyId(), me, { agreement: prng.oneOf(gen, [-2, -1, 0, 1, 2] as const) }, me);
        else if (choice === 6) {
          const id = anyId();
          const author = (doc.getMap('beliefs').get(id) as Y.Map<unknown>).get('authorId');
          if (author === me || actor.role === 'facilitate') prng.bool(gen) ? deleteBeliefs(doc, [id], me, me) : restoreBeliefs(doc, [id], me);
        } else if (choice === 7) addComment(doc, { beliefId: anyId(), authorId: me, text: 'c' + prng.word(gen, 1, 5) }, me);
        else if (choice === 8) {
          const mine = Array.from(commentsMap(doc).entries()).filter(([, comment]) => comment.authorId === me);
          if (mine.length > 0) {
            const [id] = prng.oneOf(gen, mine);
            prng.int32(gen, 0, 3) === 0 ? deleteComment(doc, id, me) : editComment(doc, id, { text: 'e' + prng.word(gen, 1, 5) }, me);
          }
        } else if (choice === 9) browser.undo.undo();
        else if (choice === 10) browser.undo.redo();
        else if (choice === 11) upsertParticipant(doc, { id: me, name: prng.oneOf(gen, ['A', 'B']), color: '#e03131' }, me);
        else if (choice === 12 && browser.online) {
          flush(index, step);
          if (browsers[index] === browser) browser.online = false;
        } else if (choice === 13 && !browser.online) {
          // Reconnect: sync step 2 of everything the relay lacks, then the relay's step 2.
          browser.online = true;
          browser.outbox.length = 0;
          const catchUp = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relay));
          if (send(index, catchUp, true, step)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(doc)), 'relay');
        }
      } catch (error) {
        if (!(error instanceof Error) || error.constructor.name !== 'ModelError') throw error;
      }
      // Online browsers' updates reach the relay in a random interleaving.
      for (let other = 0; other < browsers.length; other++) if (browsers[other].online && prng.int32(gen, 0, 2) > 0) flush(other, step);
    }
  }
  console.log(`honest fuzz: ${tally.updates} updates, ${tally.refusals} with refusals, ${tally.reloads} reloads`);
  expect(tally.forbidden).toEqual([]);
});

it('takes the catch-up of a browser that added a note offline and undid it before reconnecting', () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const alice = new Y.Doc();
  Y.applyUpdate(alice, Y.encodeStateAsUpdate(relay));
  const undo = new Y.UndoManager(undoScope(alice), { trackedOrigins: new Set(['alice']) });
  // Offline: a note added, then Ctrl+Z.
  addBelief(alice, { text: 'Oops', x: 0, y: 0, authorId: 'alice' }, 'alice');
  undo.undo();
  expect(beliefIds(alice)).toEqual([]);
  const catchUp = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(relay));
  const decision = decideUpdate(relay, catchUp, { actor: { role: 'edit', participantId: 'alice' }, ownerOf: () => 'free', maxBeliefsPerBoard: 50, maxBeliefText: 500, fits: () => true, catchUp: true });
  expect(decision.kind, decision.kind === 'forbidden' ? decision.reason : '').not.toBe('forbidden');
});

const ctx = (participantId: string, catchUp = false) => ({ actor: { role: 'edit' as const, participantId }, ownerOf: () => 'free' as const, maxBeliefsPerBoard: 50, maxBeliefText: 500, fits: () => true, catchUp });
const withClient = (relay: Y.Doc, clientID: number) => {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
  return doc;
};

it('takes Ctrl+Z of a move that raced a colleague’s move of the same note (online)', () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const id = addBelief(relay, { text: 'Raced', x: 0, y: 0, authorId: 'bob' }, 'relay');
  const bob = withClient(relay, 1_000);
  const alice = withClient(relay, 2_000);
  const undo = new Y.UndoManager(undoScope(alice), { trackedOrigins: new Set(['alice']) });
  // Both drag the note at once; Bob's reaches the relay first, Alice's (higher client id) lands last.
  const before = Y.encodeStateVector(relay);
  moveBeliefs(bob, [{ id, x: 10, y: 10 }], 'bob');
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(bob, before));
  moveBeliefs(alice, [{ id, x: 20, y: 20 }], 'alice');
  const aliceMove = Y.encodeStateAsUpdate(alice, before);
  expect(decideUpdate(relay, aliceMove, ctx('alice')).kind).toBe('apply');
  Y.applyUpdate(relay, aliceMove);
  Y.applyUpdate(alice, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(alice)));
  // Alice presses Ctrl+Z: Yjs cannot bring back the value her move replaced (Bob's sits
  // after it), so it only deletes hers — and the note's place is empty in every browser.
  const sv = Y.encodeStateVector(relay);
  undo.undo();
  const undone = Y.encodeStateAsUpdate(alice, sv);
  const fields = beliefsOf(alice, id);
  console.log(`after Alice's undo her browser's note has x: ${fields.has('x')}`);
  const decision = decideUpdate(relay, undone, ctx('alice'));
  expect(decision.kind, decision.kind === 'forbidden' ? decision.reason : '').not.toBe('forbidden');
});

it('takes the catch-up of a browser that undid and redid adding a note while offline', () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const alice = withClient(relay, 2_000);
  const undo = new Y.UndoManager(undoScope(alice), { trackedOrigins: new Set(['alice']) });
  const added = Y.encodeStateVector(relay);
  const id = addBelief(alice, { text: 'Mine', x: 0, y: 0, authorId: 'alice' }, 'alice');
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(alice, added));
  // Offline: Ctrl+Z, then Ctrl+Shift+Z — the note is back (a new map under its id).
  undo.undo();
  undo.redo();
  expect(beliefIds(alice)).toEqual([id]);
  const catchUp = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(relay));
  const decision = decideUpdate(relay, catchUp, ctx('alice', true));
  expect(decision.kind, decision.kind === 'forbidden' ? decision.reason : '').not.toBe('forbidden');
});

function beliefsOf(doc: Y.Doc, id: string): Y.Map<unknown> {
  return doc.getMap('beliefs').get(id) as Y.Map<unknown>;
}

it('takes the catch-up of a horizontal drag made offline (superseded values the undo manager keeps merge into one struct)', () => {
  const relay = new Y.Doc();
  createBoard(relay, { title: 'Board' });
  const id = addBelief(relay, { text: 'Slide me', x: 0, y: 0, authorId: 'alice' }, 'relay');
  const alice = withClient(relay, 2_000);
  new Y.UndoManager(undoScope(alice), { trackedOrigins: new Set(['alice']), captureTimeout: 500 });
  // Offline: a horizontal drag, four pointer steps writing x alone.
  for (const x of [10, 20, 30, 40]) moveBeliefs(alice, [{ id, x, y: 0 }], 'alice');
  const catchUp = Y.encodeStateAsUpdate(alice, Y.encodeStateVector(relay));
  const lengths = Y.decodeUpdate(catchUp).structs.map((struct) => struct.length);
  console.log(`catch-up struct lengths: ${lengths.join(', ')}`);
  const decision = decideUpdate(relay, catchUp, ctx('alice', true));
  expect(decision.kind, decision.kind === 'forbidden' ? decision.reason : '').not.toBe('forbidden');
});

// A seeded fuzz of what a hostile participant can send (issue 12): Mallory, a verified
// participant on the shared link, builds random Yjs updates from random operations on her
// own copy of the board — valid model calls, invalid values under every root and key,
// other people's keys, the relay's keys, junk roots, nested types where none belong, hard
// deletes of other people's beliefs, huge strings, odd keys, structs made by hand — and
// sends workshop requests with random fields, over a board with an open sealed round and
// private writing under way. After every step the board as the room holds it (read by an
// honest participant, whom the relay answers only after relaying everything before) must
// obey the rules table (shared/boardRules.ts): the current schema version, no root the
// board does not have, every position and participant record written by its own person,
// every value of the right shape, honest beliefs neither deleted nor re-authored, the
// workshop as the facilitator set it, and the honest people's sealed answers and private
// notes intact. At the end the round is revealed and private writing ended, and the board
// is read straight from the store with the relay stopped.
//
// Prints its seed; SEED=<n> reruns it, FUZZ_STEPS=<n> runs longer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as prng from 'lib0/prng';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BELIEF_ENTRY, BELIEF_FIELDS, ENTRY_ROOTS, KEYED_ROOTS } from '../../shared/boardRules.ts';
import { NOTE_COLORS, PARTICIPANT_COLORS } from '../../shared/colors.ts';
import { MAX_BELIEF_TEXT } from '../../shared/limits.ts';
import {
  addBelief,
  clearPosition,
  deleteBeliefs,
  moveBeliefs,
  readBelief,
  restoreBeliefs,
  setBeliefColor,
  setBeliefText,
  setBoardTitle,
  setPosition,
  upsertParticipant,
} from '../../shared/model.ts';
import { beliefsMap, BOARD_ROOTS, metaMap, parsePositionKey, participantsMap, positionKey, positionsMap, readStoredPosition, ROOT, SCALE, SCHEMA_VERSION } from '../../shared/schema.ts';
import { readWorkshop, roundsMap, setPrivateWriting, WORKSHOP_KEY, workshopMap } from '../../shared/workshop.ts';
import type { PrivateNote, SealedPosition } from '../../shared/workshopMessages.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { itemAfter, mapEntryItem, updateOfItems } from '../helpers/hostile.ts';
import { rawDocContent } from '../helpers/rawBoard.ts';
import { participantSecretFor, startTestRelay, waitFor, type TestRelay } from '../helpers/relay.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

const SEED = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
const STEPS = Number(process.env.FUZZ_STEPS ?? 300);
const MALLORY = 'mallory';
const HONEST = ['fiona', 'alice', 'bob'] as const;

let relay: TestRelay | null = null;
let dataDir = '';
const clients: WorkshopClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function open(boardId: string, id: string, role: 'facilitate' | 'edit' | 'view' = 'edit'): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay!.wsUrl, boardId, { role, participant: { id, secret: participantSecretFor(id) } });
  clients.push(client);
  return client;
}

// ---------------------------------------------------------------- what the board must hold

interface Expected {
  meta: { title: string; template: unknown; createdAt: unknown };
  workshop: { privateWriting: boolean; round: { number: number; status: string; beliefIds: string[] | null } | null };
  /** Honest positions, by key: nobody else may write or remove them. */
  positions: Map<string, unknown>;
  participants: Map<string, unknown>;
  /** Honest beliefs: their author and creation time never change, and they stay on the board. */
  beliefs: Map<string, { authorId: string; createdAt: number }>;
  /** Revealed rounds as the relay wrote them. */
  rounds: unknown;
  /** Each honest person's sealed answers and private notes, as the relay should still hold them. */
  sealed: Map<string, SealedPosition[]>;
  notes: Map<string, PrivateNote[]>;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** Every rule of the table the stored board must obey; returns the breaches, in words. */
function breaches(doc: Y.Doc, expected: Expected): string[] {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(problem.slice(0, 300));
  for (const [root] of rawDocContent(doc)) if (!BOARD_ROOTS.includes(root)) say(`a root the board does not have: ${root}`);

  const meta = metaMap(doc);
  for (const key of meta.keys()) if (!Object.hasOwn(KEYED_ROOTS[ROOT.meta], key)) say(`meta.${key}`);
  if (meta.get('schemaVersion') !== SCHEMA_VERSION) say(`schemaVersion ${String(meta.get('schemaVersion'))}`);
  if (!isDeepStrictEqual(plain({ title: meta.get('title'), template: meta.get('template'), createdAt: meta.get('createdAt') }), plain(expected.meta))) say('meta changed');

  const workshop = workshopMap(doc);
  for (const [key, value] of workshop.entries()) {
    const rule = Object.hasOwn(KEYED_ROOTS[ROOT.workshop], key) ? KEYED_ROOTS[ROOT.workshop][key] : undefined;
    if (!rule) say(`workshop.${key}`);
    else if (rule.value?.(value, key)) say(`workshop.${key}: ${rule.value(value, key)}`);
  }
  const { privateWriting, round, locked, timer, summon } = readWorkshop(doc);
  if (privateWriting !== expected.workshop.privateWriting || locked || timer || summon) say('workshop settings changed');
  const roundNow = round && { number: round.number, status: round.status, beliefIds: round.beliefIds };
  if (!isDeepStrictEqual(plain(roundNow), plain(expected.workshop.round))) say(`round changed: ${JSON.stringify(roundNow)}`);
  if (round?.status === 'open') {
    for (const [participantId, answers] of expected.sealed) {
      const shown = Object.entries(round.answered ?? {}).filter(([, ids]) => ids.includes(participantId)).map(([beliefId]) => beliefId).sort();
      if (!isDeepStrictEqual(shown, answers.map((answer) => answer.beliefId).sort())) say(`who answered changed for ${participantId}`);
    }
  }
  if (!isDeepStrictEqual(plain(roundsMap(doc).toJSON()), plain(expected.rounds))) say('rounds changed');

  const honest = new Set<string>(HONEST);
  for (const [key, value] of participantsMap(doc).entries()) {
    if (!honest.has(key) && key !== MALLORY) say(`participants.${key} written by someone else`);
    const problem = ENTRY_ROOTS[ROOT.participants].value!(value, key);
    if (problem) say(`participants.${key}: ${problem}`);
  }
  for (const [id, record] of expected.participants) if (!isDeepStrictEqual(plain(participantsMap(doc).get(id)), plain(record))) say(`participants.${id} changed`);

  for (const [key, value] of positionsMap(doc).entries()) {
    const owner = parsePositionKey(key)?.participantId;
    if (ENTRY_ROOTS[ROOT.positions].key(key)) say(`positions key ${key}`);
    if (owner !== MALLORY && !expected.positions.has(key)) say(`positions.${key} written by someone else`);
    const problem = ENTRY_ROOTS[ROOT.positions].value!(value, key);
    if (problem) say(`positions.${key}: ${problem}`);
  }
  for (const [key, value] of expected.positions) if (!isDeepStrictEqual(plain(positionsMap(doc).get(key)), plain(value))) say(`positions.${key} changed`);

  for (const [id, record] of beliefsMap(doc).entries()) {
    if (BELIEF_ENTRY.key(id)) say(`belief id ${id}`);
    if (!(record instanceof Y.Map)) {
      say(`belief ${id} is not a map`);
      continue;
    }
    for (const [key, value] of record.entries()) {
      const rule = Object.hasOwn(BELIEF_FIELDS, key) ? BELIEF_FIELDS[key] : undefined;
      if (!rule) say(`belief ${id} has a field ${key}`);
      else if (rule.text) {
        const delta = value instanceof Y.Text ? value.toDelta() : null;
        if (!delta || delta.some((op: { insert: unknown; attributes?: unknown }) => typeof op.insert !== 'string' || op.attributes)) say(`belief ${id}'s text is not plain text`);
        else if (Array.from(String(value)).length > MAX_BELIEF_TEXT) say(`belief ${id}'s text is too long`);
      } else if (rule.value?.(value, key)) say(`belief ${id}.${key}: ${rule.value(value, key)}`);
    }
    for (const [key, rule] of Object.entries(BELIEF_FIELDS)) if (rule.birth === 'required' && !record.has(key)) say(`belief ${id} lacks ${key}`);
    const author = record.get('authorId');
    if (!expected.beliefs.has(id) && author !== MALLORY) say(`belief ${id} by ${String(author)} appeared`);
  }
  for (const [id, { authorId, createdAt }] of expected.beliefs) {
    const belief = readBelief(doc, id);
    if (!belief) say(`honest belief ${id} is gone`);
    else if (belief.authorId !== authorId || belief.createdAt !== createdAt || belief.deletedAt !== null) say(`honest belief ${id} deleted or re-authored`);
  }
  return problems;
}

// ---------------------------------------------------------------- Mallory's moves

type Move = (mallory: WorkshopClient, board: { beliefs: () => string[]; victims: WorkshopClient[] }) => void;

function fuzzMoves(gen: prng.PRNG): { name: string; weight: number; move: Move }[] {
  const int = (min: number, max: number) => prng.int32(gen, min, max);
  const pick = <T>(items: readonly T[]): T => prng.oneOf(gen, items as T[]);
  const oddKeys = ['__proto__', 'constructor', 'toString', '', ':', 'a:b:c', 'x'.repeat(200), '😀', 'schemaVersion', 'round', 'text', 'authorId'];
  const people = [...HONEST, MALLORY, 'nobody', '__proto__'];
  const hugeText = () => 'h'.repeat(pick([600, 5_000, 120_000]));
  const someValue = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => 0,
      () => -1,
      () => 1e300,
      () => Number.NaN,
      () => Number.POSITIVE_INFINITY,
      () => '',
      () => 'evil',
      () => hugeText(),
      () => true,
      () => [],
      () => [1, 'two', null],
      () => ({}),
      () => ({ agreement: pick([...SCALE, 'pass', 3, null]), direction: pick([...SCALE, null, 'up']), updatedAt: pick([Date.now(), -5, 'now']) }),
      () => ({ agreement: 1, direction: null, updatedAt: Date.now() }),
      () => ({ name: pick(['Mallory', 42, '  padded  ', 'n'.repeat(60), '']), color: pick([...PARTICIPANT_COLORS, 'evil', null]) }),
      () => ({ name: 'Mallory', color: PARTICIPANT_COLORS[0] }),
      () => ({ name: 'Mallory', color: PARTICIPANT_COLORS[0], toString: 1 }),
      () => ({ endsAt: null, remainingMs: 1000, durationMs: 1000 }),
      () => ({ participantId: pick(people), at: Date.now() }),
      () => ({ number: 9, status: 'open', beliefIds: null, startedAt: 0, deadline: null, autoReveal: true, answered: {}, revealedAt: null }),
      () => new Uint8Array([1, 2, 3]),
      () => BigInt(7),
    ])();
  const someKey = (beliefs: string[]) =>
    pick<() => string>([() => pick(oddKeys), () => positionKey(pick([...beliefs, 'nowhere']), pick(people)), () => pick(people), () => pick(beliefs.length ? beliefs : ['none'])])();
  const nested = () => pick<() => Y.AbstractType<any>>([() => new Y.Map(), () => new Y.Text('nested'), () => new Y.Array(), () => new Y.XmlFragment()])();
  const belief = (board: { beliefs: () => string[] }) => pick([...board.beliefs(), 'nowhere']);
  const record = (doc: Y.Doc, id: string) => beliefsMap(doc).get(id);
  const M = 'mallory-origin';
  return [
    // What an honest browser does, from Mallory's own copy: mostly allowed.
    { name: 'add a belief', weight: 6, move: (m) => addBelief(m.doc, { text: pick(['short', hugeText()]), x: int(-5000, 5000), y: pick([int(-5000, 5000), 1e300]), color: pick(NOTE_COLORS.map((c) => c.id)), authorId: MALLORY }, M) },
    { name: 'type into any belief', weight: 6, move: (m, b) => setBeliefText(m.doc, belief(b), pick(['typed', hugeText(), '']), M) },
    { name: 'move any belief', weight: 5, move: (m, b) => moveBeliefs(m.doc, [{ id: belief(b), x: int(-3000, 3000), y: pick([int(-3000, 3000), 2e6]) }], M) },
    { name: 'recolour any belief', weight: 3, move: (m, b) => setBeliefColor(m.doc, [belief(b)], pick(NOTE_COLORS.map((c) => c.id)), M) },
    { name: 'soft-delete any belief', weight: 4, move: (m, b) => deleteBeliefs(m.doc, [belief(b)], pick([MALLORY, 'alice']), M) },
    { name: 'restore any belief', weight: 3, move: (m, b) => restoreBeliefs(m.doc, [belief(b)], M) },
    { name: 'answer as myself', weight: 5, move: (m, b) => setPosition(m.doc, belief(b), MALLORY, { agreement: pick(SCALE), direction: null }, M) },
    { name: 'clear my answer', weight: 2, move: (m, b) => clearPosition(m.doc, belief(b), MALLORY, M) },
    { name: 'my name', weight: 2, move: (m) => upsertParticipant(m.doc, { id: MALLORY, name: pick(['Mallory', 'n'.repeat(60)]), color: pick(PARTICIPANT_COLORS) }, M) },
    // What no honest browser sends.
    { name: 'answer as someone else', weight: 4, move: (m, b) => setPosition(m.doc, belief(b), pick(HONEST), { agreement: 2, direction: 2 }, M) },
    { name: 'clear someone else’s answer', weight: 2, move: (m, b) => clearPosition(m.doc, belief(b), pick(HONEST), M) },
    { name: 'any value under any position key', weight: 4, move: (m, b) => (positionsMap(m.doc) as Y.Map<unknown>).set(someKey(b.beliefs()), someValue()) },
    { name: 'any value under any participant key', weight: 3, move: (m, b) => (participantsMap(m.doc) as Y.Map<unknown>).set(someKey(b.beliefs()), someValue()) },
    { name: 'meta', weight: 3, move: (m) => metaMap(m.doc).set(pick(['schemaVersion', 'title', 'template', 'createdAt', ...oddKeys]), someValue()) },
    { name: 'rename the board', weight: 1, move: (m) => setBoardTitle(m.doc, 'Mallory’s board', M) },
    { name: 'workshop', weight: 4, move: (m) => workshopMap(m.doc).set(pick([...Object.values(WORKSHOP_KEY), ...oddKeys]), someValue()) },
    { name: 'end private writing', weight: 2, move: (m) => setPrivateWriting(m.doc, false, M) },
    { name: 'delete a workshop key', weight: 1, move: (m) => workshopMap(m.doc).delete(pick(Object.values(WORKSHOP_KEY))) },
    { name: 'rounds', weight: 2, move: (m) => roundsMap(m.doc).set(pick(['1', '2', '__proto__']), someValue() as never) },
    { name: 'hard-delete any belief', weight: 4, move: (m, b) => beliefsMap(m.doc).delete(belief(b)) },
    { name: 'replace a belief', weight: 2, move: (m, b) => (beliefsMap(m.doc) as Y.Map<unknown>).set(pick([...b.beliefs(), ...oddKeys]), pick([someValue(), new Y.Map()])) },
    { name: 'a belief field', weight: 5, move: (m, b) => record(m.doc, belief(b))?.set(pick([...Object.keys(BELIEF_FIELDS), ...oddKeys]), pick([someValue(), nested()])) },
    { name: 'delete a belief field', weight: 3, move: (m, b) => record(m.doc, belief(b))?.delete(pick(Object.keys(BELIEF_FIELDS))) },
    { name: 'format or embed in a text', weight: 2, move: (m, b) => {
      const text = record(m.doc, belief(b))?.get('text');
      if (!(text instanceof Y.Text)) return;
      if (prng.bool(gen)) text.format(0, 1, { bold: true });
      else text.insertEmbed(0, { image: 'x' });
    } },
    { name: 'a junk root', weight: 3, move: (m) => pick<() => void>([
      () => m.doc.getText(pick(['notes', 'beliefs2', '__proto__'])).insert(0, pick(['x', hugeText()])),
      () => m.doc.getMap(pick(['stash', 'x'])).set('k', someValue()),
      () => m.doc.getArray('list').push([someValue()]),
      () => m.doc.getXmlFragment('xml').insert(0, [new Y.XmlText('x')]),
    ])() },
    { name: 'a nested type under a key', weight: 3, move: (m, b) => pick<() => void>([
      () => (positionsMap(m.doc) as Y.Map<unknown>).set(positionKey(belief(b), MALLORY), nested()),
      () => (participantsMap(m.doc) as Y.Map<unknown>).set(MALLORY, nested()),
      () => workshopMap(m.doc).set(WORKSHOP_KEY.locked, nested()),
    ])() },
    // Made by hand.
    { name: 'a struct under an honest client id', weight: 2, move: (m, b) => {
      const victim = pick(b.victims);
      const client = victim.doc.clientID;
      m.sendUpdate(updateOfItems([mapEntryItem(client, Y.getState(m.doc.store, client), ROOT.positions, positionKey(belief(b), MALLORY), new Y.ContentAny([{ agreement: 1, direction: null, updatedAt: 1 }]))]));
    } },
    { name: 'a struct continuing one of mine elsewhere', weight: 3, move: (m, b) => {
      const client = m.doc.clientID;
      const state = Y.getState(m.doc.store, client);
      if (state === 0) return;
      const text = record(m.doc, belief(b))?.get('text');
      const place = pick<() => Y.Item>([
        () => mapEntryItem(client, state - 1, ROOT.positions, positionKey(belief(b), MALLORY), new Y.ContentDeleted(2)),
        () => mapEntryItem(client, state - 1, ROOT.participants, MALLORY, new Y.ContentString('xy')),
        () => (text instanceof Y.Text && text._start ? itemAfter(client, state - 1, text._start.id, new Y.ContentString('xy')) : mapEntryItem(client, state - 1, 'junk', null, new Y.ContentString('xy'))),
      ])();
      m.sendUpdate(updateOfItems([place]));
    } },
    { name: 'a list entry in a board root', weight: 1, move: (m) => m.sendUpdate(updateOfItems([mapEntryItem(m.doc.clientID, Y.getState(m.doc.store, m.doc.clientID), pick([ROOT.beliefs, ROOT.positions]), null, new Y.ContentString('junk'))])) },
    { name: 'a mutated update', weight: 2, move: (m) => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(m.doc));
      const before = Y.encodeStateVector(scratch);
      addBelief(scratch, { text: 'mutant', x: 0, y: 0, authorId: MALLORY }, M);
      const update = Y.encodeStateAsUpdate(scratch, before);
      update[int(0, update.length - 1)] ^= 1 << int(0, 7);
      m.sendUpdate(update);
    } },
    // The workshop channel.
    { name: 'seal', weight: 4, move: (m, b) => m.send({ kind: 'seal', beliefId: belief(b), agreement: pick(SCALE), direction: pick([...SCALE, null]) }) },
    { name: 'unseal', weight: 1, move: (m, b) => m.send({ kind: 'unseal', beliefId: belief(b) }) },
    { name: 'a private note', weight: 4, move: (m) =>
      m.send({ kind: 'savePrivate', note: { id: pick(['m-note', 'alice-note-0', 'bob-note-1', '__proto__', `n${int(0, 9)}`]), text: pick(['mine', 'x'.repeat(500)]), x: pick([0, 1e300, -2e6]), y: pick([0, 5e6]), color: pick(['yellow', 'evil', '']), createdAt: pick([Date.now(), -1e300, 1e300, 0]) } }) },
    { name: 'drop someone’s private note', weight: 2, move: (m) => m.send({ kind: 'deletePrivate', id: pick(['alice-note-0', 'bob-note-1', 'm-note']) }) },
    { name: 'a facilitator’s request', weight: 1, move: (m) => m.send(pick([{ kind: 'revealRound' }, { kind: 'startRound', beliefIds: null, deadline: null, autoReveal: true }, { kind: 'removeParticipant', participantId: 'alice' }] as const)) },
  ];
}

it(`a participant's random updates never take the board outside the rules table (seed ${SEED})`, async () => {
  console.log(`hostile fuzz: seed ${SEED}, ${STEPS} steps (rerun with SEED=${SEED})`);
  const gen = prng.create(SEED);
  dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-hostile-fuzz-'));
  relay = await startTestRelay({ dataDir, idleUnloadMs: 200, limits: { maxBoardBytes: 4_000_000, maxBeliefsPerBoard: 60 } });
  const boardId = await relay.createBoard('Fuzzed', 'belief-map');
  const fiona = await open(boardId, 'fiona', 'facilitate');
  const alice = await open(boardId, 'alice');
  const bob = await open(boardId, 'bob');
  const O = 'honest';
  upsertParticipant(fiona.doc, { id: 'fiona', name: 'Fiona', color: PARTICIPANT_COLORS[0] }, O);
  upsertParticipant(alice.doc, { id: 'alice', name: 'Alice', color: PARTICIPANT_COLORS[1] }, O);
  upsertParticipant(bob.doc, { id: 'bob', name: 'Bob', color: PARTICIPANT_COLORS[2] }, O);
  const f1 = addBelief(fiona.doc, { text: 'We ship every week', x: 0, y: 0, authorId: 'fiona' }, O);
  const f2 = addBelief(fiona.doc, { text: 'Tests catch regressions', x: 300, y: 0, authorId: 'fiona' }, O);
  const a1 = addBelief(alice.doc, { text: 'Docs are current', x: 0, y: 300, authorId: 'alice' }, O);
  const b1 = addBelief(bob.doc, { text: 'On-call is fair', x: 300, y: 300, authorId: 'bob' }, O);
  await Promise.all([fiona, alice, bob].map((client) => client.stored()));
  await waitFor(() => [f1, f2, a1, b1].every((id) => !!readBelief(alice.doc, id) && !!readBelief(bob.doc, id)), 5_000, 'every belief on every copy');
  setPosition(alice.doc, f2, 'alice', { agreement: 2, direction: -1 }, O);
  setPosition(alice.doc, b1, 'alice', { agreement: 'pass', direction: null }, O);
  setPosition(bob.doc, f2, 'bob', { agreement: -1, direction: 1 }, O);
  setPrivateWriting(fiona.doc, true, O);
  fiona.send({ kind: 'startRound', beliefIds: [f1, a1], deadline: null, autoReveal: false });
  await waitFor(() => readWorkshop(alice.doc).round?.status === 'open' && readWorkshop(bob.doc).privateWriting, 5_000, 'the round and private writing');
  const sealed = new Map<string, SealedPosition[]>([
    ['alice', [{ beliefId: f1, agreement: 2, direction: -1, updatedAt: 0 }, { beliefId: a1, agreement: -2, direction: null, updatedAt: 0 }]],
    ['bob', [{ beliefId: f1, agreement: 0, direction: 2, updatedAt: 0 }]],
  ]);
  for (const [who, client] of [['alice', alice], ['bob', bob]] as const) {
    for (const answer of sealed.get(who)!) client.send({ kind: 'seal', beliefId: answer.beliefId, agreement: answer.agreement, direction: answer.direction });
  }
  const notes = new Map<string, PrivateNote[]>([
    ['alice', [0, 1].map((i) => ({ id: `alice-note-${i}`, text: `Alice thinks ${i}`, x: i * 100, y: 600, color: 'pink', createdAt: Date.now() }))],
    ['bob', [0, 1].map((i) => ({ id: `bob-note-${i}`, text: `Bob thinks ${i}`, x: i * 100, y: 800, color: 'blue', createdAt: Date.now() }))],
  ]);
  for (const [who, client] of [['alice', alice], ['bob', bob]] as const) for (const note of notes.get(who)!) client.send({ kind: 'savePrivate', note });
  await waitFor(() => alice.last('myPrivate')?.notes.length === 2 && bob.last('myPrivate')?.notes.length === 2 && alice.last('mySealed')?.positions.length === 2 && bob.last('mySealed')?.positions.length === 1, 5_000, 'answers and notes kept');
  // Who answered is written at most every 250 ms (server/rounds/roundKeeper.ts), after the sealed notices.
  await waitFor(() => readWorkshop(alice.doc).round?.answered[f1]?.length === 2 && readWorkshop(alice.doc).round?.answered[a1]?.length === 1, 5_000, 'who answered written');
  await Promise.all([fiona, alice, bob].map((client) => client.stored()));

  const expected: Expected = {
    meta: { title: 'Fuzzed', template: 'belief-map', createdAt: metaMap(alice.doc).get('createdAt') },
    workshop: { privateWriting: true, round: { number: 1, status: 'open', beliefIds: [f1, a1] } },
    positions: new Map(Array.from(positionsMap(alice.doc).entries()).map(([key, value]) => [key, plain(value)])),
    participants: new Map(Array.from(participantsMap(alice.doc).entries()).map(([key, value]) => [key, plain(value)])),
    beliefs: new Map([f1, f2, a1, b1].map((id) => [id, { authorId: readBelief(alice.doc, id)!.authorId, createdAt: readBelief(alice.doc, id)!.createdAt }])),
    rounds: {},
    sealed,
    notes,
  };
  expect(breaches(alice.doc, expected), 'the board before the fuzz').toEqual([]);

  const moves = fuzzMoves(gen);
  const totalWeight = moves.reduce((sum, move) => sum + move.weight, 0);
  const pickMove = () => {
    let roll = prng.int32(gen, 0, totalWeight - 1);
    for (const move of moves) if ((roll -= move.weight) < 0) return move;
    return moves[0]!;
  };
  let mallory = await open(boardId, MALLORY);
  const board = { beliefs: () => Array.from(beliefsMap(alice.doc).keys()), victims: [alice, bob, fiona] };
  const outcomes = { kept: 0, forbidden: 0, refusedInWords: 0, otherCloses: {} as Record<string, number> };
  const started = performance.now();
  for (let step = 0; step < STEPS; step++) {
    if (mallory.closed) mallory = await open(boardId, MALLORY);
    const refusalsBefore = mallory.notices.length;
    const chosen = Array.from({ length: prng.int32(gen, 1, 3) }, pickMove);
    const inOneUpdate = prng.bool(gen);
    const run = () => {
      for (const { move } of chosen) {
        try {
          move(mallory, board);
        } catch {
          // A model call refusing bad input (ModelError), or Yjs refusing a value: nothing sent.
        }
      }
    };
    if (inOneUpdate) mallory.doc.transact(run, 'mallory-origin');
    else run();
    const stored = await mallory.stored(3_000);
    if (stored) outcomes.kept++;
    else if (mallory.closed?.code === CLOSE.forbiddenChange) outcomes.forbidden++;
    else {
      // Unreadable (4002) is the other answer to a mangled update; anything else is a surprise.
      const code = String(mallory.closed?.code ?? 'no answer');
      outcomes.otherCloses[code] = (outcomes.otherCloses[code] ?? 0) + 1;
    }
    if (mallory.notices.slice(refusalsBefore).some((notice) => notice.kind === 'changeRefused')) outcomes.refusedInWords++;
    // The honest people keep working meanwhile; what they write becomes what is expected.
    if (step % 10 === 0) {
      const answer = { agreement: prng.oneOf(gen, [...SCALE]), direction: null, updatedAt: Date.now() };
      setPosition(bob.doc, f2, 'bob', answer, O);
      setBoardTitle(fiona.doc, `Fuzzed ${step}`, O);
      await Promise.all([bob.stored(), fiona.stored()]);
      expected.positions.set(positionKey(f2, 'bob'), plain(answer));
      expected.meta.title = `Fuzzed ${step}`;
      // On a cluster, Alice's relay hears of them a moment after theirs stored them.
      await waitFor(
        () => metaMap(alice.doc).get('title') === expected.meta.title && isDeepStrictEqual(plain(positionsMap(alice.doc).get(positionKey(f2, 'bob'))), expected.positions.get(positionKey(f2, 'bob'))),
        5_000,
        'Alice to see Bob’s answer and Fiona’s title',
      );
    }
    // Alice's answer comes after everything the room relayed to her before it.
    expect(await alice.stored(), 'Alice still connected').not.toBeNull();
    const problems = breaches(alice.doc, expected);
    expect(problems, `after step ${step} (${chosen.map((move) => move.name).join(' + ')}), seed ${SEED}`).toEqual([]);
  }
  console.log(`hostile fuzz: ${STEPS} steps in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(outcomes)}`);
  for (const client of [fiona, alice, bob]) {
    expect(client.closed, 'an honest person was disconnected').toBeNull();
    expect(client.notices.filter((notice) => notice.kind === 'refused' || notice.kind === 'changeRefused'), 'an honest change was refused').toEqual([]);
  }

  // The relay still holds the honest people's sealed answers and notes, and gives them only to them.
  for (const who of ['alice', 'bob'] as const) {
    const again = await open(boardId, who);
    await waitFor(() => again.last('mySealed') !== undefined && again.last('myPrivate') !== undefined, 5_000, `${who}'s answers and notes`);
    const answers = again.last('mySealed')!.positions.map(({ beliefId, agreement, direction }) => ({ beliefId, agreement, direction }));
    expect(answers.sort((a, b) => a.beliefId.localeCompare(b.beliefId))).toEqual(
      sealed.get(who)!.map(({ beliefId, agreement, direction }) => ({ beliefId, agreement, direction })).sort((a, b) => a.beliefId.localeCompare(b.beliefId)),
    );
    expect(again.last('myPrivate')!.notes).toEqual(notes.get(who));
    await again.close();
  }

  // The reveal writes exactly the sealed answers; ending private writing releases every note under its author.
  fiona.send({ kind: 'revealRound' });
  await waitFor(() => readWorkshop(alice.doc).round?.status === 'revealed', 5_000, 'the reveal');
  for (const [who, answers] of sealed) {
    for (const { beliefId, agreement, direction } of answers) {
      const shown = positionsMap(alice.doc).get(positionKey(beliefId, who));
      expect(readStoredPosition(shown), `${who} on ${beliefId}`).toMatchObject({ agreement, direction });
      expected.positions.set(positionKey(beliefId, who), plain(shown));
    }
  }
  expected.workshop.round = { number: 1, status: 'revealed', beliefIds: [f1, a1] };
  expected.rounds = plain(roundsMap(alice.doc).toJSON());
  setPrivateWriting(fiona.doc, false, O);
  expected.workshop.privateWriting = false;
  await waitFor(() => [...notes.values()].flat().every((note) => !!readBelief(alice.doc, note.id)), 5_000, 'the notes to be released');
  for (const [who, list] of notes) {
    for (const note of list) {
      expect(readBelief(alice.doc, note.id), note.id).toMatchObject({ text: note.text, authorId: who, deletedAt: null });
      expected.beliefs.set(note.id, { authorId: who, createdAt: readBelief(alice.doc, note.id)!.createdAt });
    }
  }
  await alice.stored();
  expect(breaches(alice.doc, expected), 'after the reveal and the release').toEqual([]);
  const seen = rawDocContent(alice.doc);

  // Straight from the store, with the relay stopped.
  await Promise.all(clients.map((client) => client.close()));
  const closed = relay;
  await relay.close();
  relay = null;
  const store = await closed.openStore();
  try {
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.loadBoard(boardId))!.state);
    expect(breaches(stored, expected), 'the stored board').toEqual([]);
    expect(rawDocContent(stored)).toEqual(seen);
    const kept = await store.loadSealed(boardId);
    expect(kept?.sealed.size ?? 0, 'sealed answers left after the reveal').toBe(0);
    expect(Array.from(kept?.privateNotes.values() ?? []).flat(), 'private notes left after the release').toEqual([]);
  } finally {
    await store.close();
  }
}, 120_000);

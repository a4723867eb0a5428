// Boards a hostile participant (or an older relay that stored anything) could leave
// behind: values of the wrong type under every root and key, odd keys, huge and broken
// strings, direction controls, formulas. `buildPoisonedBoard` is one fixed such board with
// a few healthy beliefs among the poison; `poisonedDoc` is a fast-check arbitrary of random
// ones. Both write straight into the Y.Doc, past the model, as a peer running other code
// would.
import fc from 'fast-check';
import * as Y from 'yjs';
import { NOTE_COLORS, PARTICIPANT_COLORS } from '../../shared/colors.ts';
import { actionsMap, addAction } from '../../shared/beliefActions.ts';
import { addComment, commentsMap, hiddenCommentsMap } from '../../shared/comments.ts';
import { addBelief, createBoard, setPosition, upsertParticipant } from '../../shared/model.ts';
import { beliefsMap, metaMap, participantsMap, positionKey, positionsMap, SCALE } from '../../shared/schema.ts';
import { roundsMap, WORKSHOP_KEY, workshopMap } from '../../shared/workshop.ts';
import { RLO, SEMICOLON_FORMULA, TAB_FORMULA } from './hostileText.ts';

export const HEALTHY_BELIEFS = [
  { id: 'b-healthy-1', text: 'We ship small, often', x: 300, y: -400, color: 'green' },
  { id: 'b-healthy-2', text: 'Pricing needs a rethink', x: -700, y: 300, color: 'blue' },
  { id: 'b-healthy-3', text: `Formula and override: ${SEMICOLON_FORMULA} ${RLO}txt.exe`, x: 600, y: 300, color: 'pink' },
] as const;
const HEALTHY_PEOPLE = [
  { id: 'p-ana', name: 'Ana', color: '#e03131' },
  { id: 'p-bo', name: `Bo ${RLO}gnp.exe`, color: '#2f9e44' },
  { id: 'p-chen', name: TAB_FORMULA, color: '#1971c2' },
];

/** Sets an object's own "__proto__" key, as a decoded JSON value from a peer can have one. */
function withOwnProto(record: Record<string, unknown>, proto: unknown): Record<string, unknown> {
  Object.defineProperty(record, '__proto__', { value: proto, enumerable: true, writable: true, configurable: true });
  return record;
}

function beliefRecord(fields: Record<string, unknown>): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) record.set(key, value);
  return record;
}

/**
 * A board holding every kind of poison the issue lists, and three healthy beliefs with
 * positions from three healthy people (whose names hold a formula and an override).
 */
export function buildPoisonedBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Poisoned board', template: 'belief-map', createdAt: Date.UTC(2026, 2, 1) }, 'writer');
  for (const person of HEALTHY_PEOPLE) upsertParticipant(doc, person, 'writer');
  HEALTHY_BELIEFS.forEach((belief, index) => {
    addBelief(doc, { ...belief, authorId: 'p-ana', createdAt: Date.UTC(2026, 2, 1, 10, index) }, 'writer');
    HEALTHY_PEOPLE.forEach((person, p) => setPosition(doc, belief.id, person.id, { agreement: SCALE[(index + p) % 5], direction: p === 0 ? null : 1 }, 'writer'));
  });
  // A healthy discussion and action on the first belief, their words hostile.
  const said = addComment(doc, { id: 'c-healthy', beliefId: 'b-healthy-1', authorId: 'p-bo', text: `${SEMICOLON_FORMULA}\n# not a heading ${RLO}`, mentions: ['p-chen'], createdAt: Date.UTC(2026, 2, 1, 11) }, 'writer');
  addComment(doc, { beliefId: 'b-healthy-1', authorId: 'p-ana', text: '[click](javascript:alert(1)) <b>x</b>', parentId: said, createdAt: Date.UTC(2026, 2, 1, 12) }, 'writer');
  addAction(doc, { id: 'a-healthy', beliefId: 'b-healthy-1', authorId: 'p-ana', text: TAB_FORMULA, ownerId: 'p-chen', due: '2026-04-01', createdAt: Date.UTC(2026, 2, 1, 12) }, 'writer');
  doc.transact(() => {
    const comments = commentsMap(doc) as Y.Map<unknown>;
    comments.set('c-null', null);
    comments.set('c-wrong', { beliefId: 'b-healthy-2', authorId: 5, parentId: 'c-wrong', text: { toString: 1 }, mentions: 'all', createdAt: Number.NaN, editedAt: 'later' });
    comments.set('c-orphan', { beliefId: 'b-healthy-2', authorId: 'p-ana', parentId: 'c-gone', text: 'answering a deleted comment', mentions: [5, 'p-ana', 'p-ana'], createdAt: 1e300, editedAt: null });
    comments.set('c-gone-belief', { beliefId: 'b-gone', authorId: 'p-ana', parentId: null, text: 'on nothing', mentions: [], createdAt: 1, editedAt: null });
    comments.set('c-blank', { beliefId: 'b-healthy-2', authorId: 'p-ana', parentId: null, text: '   ', mentions: [], createdAt: 1, editedAt: null });
    comments.set('__proto__', withOwnProto({ beliefId: 'b-healthy-2', text: 'proto' }, { authorId: 'p-ana' }));
    comments.set('c-ymap', new Y.Map());
    const hides = hiddenCommentsMap(doc) as Y.Map<unknown>;
    hides.set('c-orphan', { by: 5, at: 'now' });
    hides.set('c-nothing', null);
    const actions = actionsMap(doc) as Y.Map<unknown>;
    actions.set('a-null', null);
    actions.set('a-wrong', { beliefId: 'b-healthy-2', text: 42, ownerId: '', ownerName: { name: 1 }, due: '2026-02-30', status: 'maybe', authorId: null, createdAt: 'x', updatedAt: -1 });
    actions.set('a-blank', { beliefId: 'b-healthy-3', text: ' ', ownerId: null, ownerName: '', due: null, status: 'open', authorId: 'p-ana', createdAt: 1, updatedAt: 1 });
    actions.set('a-gone-belief', { beliefId: 'b-gone', text: 'Do it', ownerId: null, ownerName: '', due: null, status: 'done', authorId: 'p-ana', createdAt: 1, updatedAt: 1 });

    const meta = metaMap(doc);
    meta.set('title', `${'T'.repeat(200)}${RLO}`);
    meta.set('template', 42);
    meta.set('createdAt', new Y.Text('yesterday'));

    const participants = participantsMap(doc) as Y.Map<unknown>;
    participants.set('x', null);
    participants.set('p-number', { name: 42, color: 'evil' });
    participants.set('p:colon', { name: 'Colon', color: '#123456' });
    participants.set('__proto__', { name: { toString: 1, valueOf: 1 }, color: null });
    participants.set('constructor', 'just a string');
    participants.set('p-huge', { name: 'N'.repeat(100_000), color: '#000000' });
    participants.set('p-text', new Y.Text('a Y.Text where a record belongs'));

    const beliefs = beliefsMap(doc) as Y.Map<unknown>;
    beliefs.set('b:colon', beliefRecord({ text: new Y.Text('a belief id with a colon'), x: 0, y: 0, color: 'yellow', authorId: 'p-ana', createdAt: 1 }));
    beliefs.set('b-not-a-map', 'a string where a Y.Map belongs');
    beliefs.set('b-null', null);
    beliefs.set('b-array', new Y.Array());
    beliefs.set(
      'b-wrong-types',
      beliefRecord({ text: 5, x: new Y.Text('12'), y: Number.NaN, color: 'evil', authorId: { toString: 1, valueOf: 1 }, createdAt: Infinity }),
    );
    beliefs.set('b-huge', beliefRecord({ text: new Y.Text(`H${'\u202E'.repeat(10)}${'h'.repeat(20_000)}`), x: 1e308, y: -1e308, color: 'gray', authorId: 'x', createdAt: 1e300 }));
    beliefs.set('__proto__', beliefRecord({ text: new Y.Text('a belief called __proto__'), x: 10, y: 10 }));
    beliefs.set('constructor', beliefRecord({ text: new Y.Text('a belief called constructor'), x: 20, y: 20 }));
    beliefs.set('b-lone-surrogate', beliefRecord({ text: new Y.Text('half a pair: \uD83D'), x: 30, y: 30 }));

    const positions = positionsMap(doc) as Y.Map<unknown>;
    positions.set('x', 'a string');
    positions.set('b-healthy-1:x', null);
    positions.set('b-healthy-1:p-number', { agreement: 'yes', direction: 5 });
    positions.set('b-healthy-2:p-number', { agreement: 2, direction: null, updatedAt: 1e300 });
    positions.set('b-healthy-2:__proto__', withOwnProto({ direction: null }, { agreement: 2 }));
    positions.set('b-healthy-3:p-nan', { agreement: 1, direction: null, updatedAt: Number.NaN });
    positions.set('b:colon:p-ana', { agreement: 2, direction: null, updatedAt: 1 });
    positions.set('constructor:p-ana', { agreement: -2, direction: 2, updatedAt: 1 });
    positions.set('b-healthy-1:p:colon', { agreement: 0, direction: null, updatedAt: 1 });
    positions.set(':', { agreement: 0, direction: null, updatedAt: 1 });
    positions.set('b-gone:p-ana', { agreement: 0, direction: null, updatedAt: 1 });
    // The tuples of schema 4, malformed.
    positions.set('b-healthy-3:p-short', [1, null]);
    positions.set('b-healthy-3:p-long', [1, null, 1, 'more']);
    positions.set('b-healthy-3:p-off-scale', [7, 'up', 'soon']);
    positions.set('b-healthy-2:p-empty', []);

    const workshop = workshopMap(doc);
    workshop.set(WORKSHOP_KEY.timer, 'soon');
    workshop.set(WORKSHOP_KEY.locked, 'yes');
    workshop.set(WORKSHOP_KEY.summon, { participantId: 5, at: 'now' });
    workshop.set(WORKSHOP_KEY.round, { status: 'open', number: 3, beliefIds: 5, answered: null });

    const rounds = roundsMap(doc) as Y.Map<unknown>;
    rounds.set('1', null);
    rounds.set('2', { number: 2, startedAt: 'x', revealedAt: Number.NaN, beliefIds: 'all', positions: 'none' });
    rounds.set('3', {
      number: 3,
      startedAt: 1,
      revealedAt: 2,
      beliefIds: ['b-healthy-1', 5, 'b:colon', 'b-healthy-1', 'constructor'],
      positions: [
        { beliefId: 'b-healthy-1', participantId: 'p-ana', agreement: 2, direction: null, updatedAt: 1 },
        { beliefId: 'b-healthy-1', participantId: 'p-ana', agreement: -2, direction: null, updatedAt: 2 },
        null,
        { beliefId: 5 },
        { beliefId: 'b-healthy-2', participantId: 'p-bo', agreement: 1, direction: null, updatedAt: 1 },
      ],
    });
    // A healthy round after it, so the page has two rounds to draw movement between.
    rounds.set('4', {
      number: 4,
      startedAt: 3,
      revealedAt: 4,
      beliefIds: null,
      positions: HEALTHY_PEOPLE.map((person) => ({ beliefId: 'b-healthy-1', participantId: person.id, agreement: 1, direction: 1, updatedAt: 4 })),
    });
    rounds.set('x', 'garbage');
    doc.getMap('not-a-root-we-know').set('__proto__', { evil: true });
  }, 'hostile');
  return doc;
}

// ---------------------------------------------------------------- random poison

const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'a:b', ':', '', ' ', 'b-1', 'p-1', 'b-1:p-1', 'p:1'];
const FIELD_KEYS = ['text', 'x', 'y', 'color', 'authorId', 'createdAt', 'name', 'agreement', 'direction', 'updatedAt', 'number', 'status', 'beliefIds', 'positions', 'answered', 'endsAt', 'participantId', 'title', 'template', 'schemaVersion'];
const ODD_STRINGS = [
  SEMICOLON_FORMULA,
  TAB_FORMULA,
  '=1+1',
  `${RLO}gnp.exe`,
  '\u2066isolate\u2069',
  '\uD800',
  '\uDC00lone',
  '🚀'.repeat(200),
  'עברית מימין לשמאל',
  ...NOTE_COLORS.map((color) => color.id),
  ...PARTICIPANT_COLORS,
  'pass',
  'open',
  'revealed',
  'belief-map',
  'blank',
];

const key = fc.oneof(fc.constantFrom(...ODD_KEYS, ...FIELD_KEYS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
const text = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 600, max: 30_000 }).map((length) => 'w'.repeat(length)),
);
const number = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e300, -1e300, 8.64e15 + 1, 2 ** 53),
  fc.integer({ min: -3, max: 3 }),
  fc.integer(),
);

/** How to build one value: plain JSON-like data, or a shared type made fresh where it is inserted. */
type ValuePlan =
  | { kind: 'plain'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'map'; entries: [string, ValuePlan][] }
  | { kind: 'array'; items: ValuePlan[] }
  | { kind: 'binary'; bytes: number[] };

const plainLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  number,
  text,
);
const plainValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainLeaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

const valuePlan: fc.Arbitrary<ValuePlan> = fc.letrec<{ plan: ValuePlan }>((tie) => ({
  plan: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainValue.map((value): ValuePlan => ({ kind: 'plain', value })),
    text.map((value): ValuePlan => ({ kind: 'text', text: value })),
    fc.array(fc.tuple(key, tie('plan')), { maxLength: 4 }).map((entries): ValuePlan => ({ kind: 'map', entries })),
    fc.array(tie('plan'), { maxLength: 3 }).map((items): ValuePlan => ({ kind: 'array', items })),
    fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }).map((bytes): ValuePlan => ({ kind: 'binary', bytes })),
  ),
})).plan;

function build(plan: ValuePlan): unknown {
  switch (plan.kind) {
    case 'plain':
      // Yjs tells content types apart by `constructor`, so it refuses to insert an object
      // with its own "constructor" key (a decoded update can still hold one, nested here).
      return typeof plan.value === 'object' && plan.value !== null && Object.hasOwn(plan.value, 'constructor') ? { nested: plan.value } : plan.value;
    case 'text':
      return new Y.Text(plan.text);
    case 'map': {
      const map = new Y.Map<unknown>();
      for (const [entryKey, entry] of plan.entries) map.set(entryKey, build(entry));
      return map;
    }
    case 'array': {
      const array = new Y.Array<unknown>();
      // A Y.Array cannot hold undefined (a Y.Map can).
      array.insert(0, plan.items.map((item) => build(item) ?? null));
      return array;
    }
    case 'binary':
      return new Uint8Array(plan.bytes);
  }
}

/** A well-formed value for a field, or poison, so some records are almost right. */
function fieldPlan(good: fc.Arbitrary<unknown>): fc.Arbitrary<ValuePlan> {
  return fc.oneof(good.map((value): ValuePlan => ({ kind: 'plain', value })), valuePlan);
}

const scalePoint = fc.constantFrom<unknown>(...SCALE);
const time = fc.integer({ min: 0, max: 2e12 });
const idLike = fc.constantFrom('b-1', 'b-2', 'b-3', 'p-1', 'p-2', 'constructor', '__proto__', 'a:b', '');

const beliefFields = fc.record({
  text: fc.oneof(text.map((value): ValuePlan => ({ kind: 'text', text: value })), valuePlan),
  x: fieldPlan(number),
  y: fieldPlan(number),
  color: fieldPlan(fc.constantFrom(...NOTE_COLORS.map((color) => color.id), 'evil')),
  authorId: fieldPlan(idLike),
  createdAt: fieldPlan(time),
});
const positionFields = fc.record({
  agreement: fieldPlan(fc.oneof(scalePoint, fc.constant('pass'))),
  direction: fieldPlan(fc.oneof(scalePoint, fc.constant(null))),
  updatedAt: fieldPlan(time),
});
const participantFields = fc.record({ name: fieldPlan(text), color: fieldPlan(fc.constantFrom(...PARTICIPANT_COLORS, 'evil')) });
const roundFields = fc.record({
  number: fieldPlan(fc.integer({ min: 0, max: 5 })),
  status: fieldPlan(fc.constantFrom('open', 'revealed')),
  startedAt: fieldPlan(time),
  revealedAt: fieldPlan(time),
  beliefIds: fieldPlan(fc.oneof(fc.constant(null), fc.array(idLike, { maxLength: 4 }))),
  positions: fieldPlan(
    fc.array(fc.record({ beliefId: idLike, participantId: idLike, agreement: fc.oneof(scalePoint, fc.constant('pass'), text), direction: fc.oneof(scalePoint, fc.constant(null)), updatedAt: number }), {
      maxLength: 4,
    }),
  ),
  answered: fieldPlan(fc.dictionary(idLike, fc.array(idLike, { maxLength: 3 }), { maxKeys: 3, noNullPrototype: true })),
});

const commentFields = fc.record({
  beliefId: fieldPlan(idLike),
  authorId: fieldPlan(idLike),
  parentId: fieldPlan(fc.oneof(fc.constant(null), idLike)),
  text: fieldPlan(text),
  mentions: fieldPlan(fc.array(idLike, { maxLength: 3 })),
  createdAt: fieldPlan(time),
  editedAt: fieldPlan(fc.oneof(fc.constant(null), time)),
});
const actionFields = fc.record({
  beliefId: fieldPlan(idLike),
  text: fieldPlan(text),
  ownerId: fieldPlan(fc.oneof(fc.constant(null), idLike)),
  ownerName: fieldPlan(text),
  due: fieldPlan(fc.constantFrom(null, '2026-04-01', '2026-02-30', '')),
  status: fieldPlan(fc.constantFrom('open', 'done', 'maybe')),
  authorId: fieldPlan(idLike),
  createdAt: fieldPlan(time),
  updatedAt: fieldPlan(time),
});

/**
 * A record whose fields are each well-formed, poison or missing: a Y.Map when `asMap` says
 * so (or a field is a shared type, which only a Y.Map can hold), else a plain object.
 */
function recordPlan(fields: fc.Arbitrary<Record<string, ValuePlan>>, asMap: fc.Arbitrary<boolean> = fc.boolean()): fc.Arbitrary<ValuePlan> {
  return fc.tuple(fields, asMap, fc.subarray(FIELD_KEYS)).map(([record, map, dropped]): ValuePlan => {
    const entries = Object.entries(record).filter(([field]) => !dropped.includes(field));
    if (map || entries.some(([, plan]) => plan.kind !== 'plain')) return { kind: 'map', entries };
    return { kind: 'plain', value: Object.fromEntries(entries.map(([field, plan]) => [field, (plan as { value: unknown }).value])) };
  });
}

/** One write a hostile peer makes: `value` under `key` in the root `root`. */
interface PoisonWrite {
  root: string;
  key: string;
  value: ValuePlan;
}

const rootKeyValue = (root: string, keys: fc.Arbitrary<string>, value: fc.Arbitrary<ValuePlan>) =>
  fc.record({ root: fc.constant(root), key: keys, value });

const poisonWrite: fc.Arbitrary<PoisonWrite> = fc.oneof(
  rootKeyValue('meta', fc.oneof(fc.constantFrom('title', 'template', 'createdAt', 'schemaVersion'), key), fc.oneof(fieldPlan(text), valuePlan)),
  rootKeyValue('beliefs', fc.oneof(idLike, key), fc.oneof(recordPlan(beliefFields, fc.constant(true)), valuePlan)),
  rootKeyValue('positions', fc.oneof(fc.tuple(idLike, idLike).map(([b, p]) => positionKey(b, p)), key), fc.oneof(recordPlan(positionFields), valuePlan)),
  rootKeyValue('participants', fc.oneof(idLike, key), fc.oneof(recordPlan(participantFields), valuePlan)),
  rootKeyValue('workshop', fc.constantFrom(...Object.values(WORKSHOP_KEY)), fc.oneof(recordPlan(roundFields), valuePlan)),
  rootKeyValue('rounds', fc.oneof(fc.constantFrom('1', '2', '3'), key), fc.oneof(recordPlan(roundFields), valuePlan)),
  rootKeyValue('comments', fc.oneof(idLike, key), fc.oneof(recordPlan(commentFields), valuePlan)),
  rootKeyValue('hiddenComments', fc.oneof(idLike, key), fc.oneof(recordPlan(fc.record({ by: fieldPlan(idLike), at: fieldPlan(time) })), valuePlan)),
  rootKeyValue('actions', fc.oneof(idLike, key), fc.oneof(recordPlan(actionFields), valuePlan)),
  rootKeyValue('elsewhere', key, valuePlan),
);

/** The healthy part of a random board: beliefs, people and positions written through the model. */
const healthyPart = fc.record({
  beliefs: fc.integer({ min: 0, max: 4 }),
  people: fc.integer({ min: 0, max: 3 }),
  metaMissing: fc.boolean(),
});

export interface PoisonPlan {
  healthy: { beliefs: number; people: number; metaMissing: boolean };
  writes: PoisonWrite[];
}

export const poisonPlan: fc.Arbitrary<PoisonPlan> = fc.record({ healthy: healthyPart, writes: fc.array(poisonWrite, { maxLength: 25 }) });

/** Builds the document a plan describes: a few healthy records, then every hostile write. */
export function poisonedDoc(plan: PoisonPlan): Y.Doc {
  const doc = new Y.Doc();
  if (!plan.healthy.metaMissing) createBoard(doc, { title: 'Random poisoned board', template: 'belief-map', createdAt: 1 }, 'writer');
  for (let p = 1; p <= plan.healthy.people; p++) upsertParticipant(doc, { id: `p-${p}`, name: `Person ${p}`, color: PARTICIPANT_COLORS[p] }, 'writer');
  for (let b = 1; b <= plan.healthy.beliefs; b++) {
    addBelief(doc, { id: `b-${b}`, text: `Belief ${b}`, x: 100 * b, y: -100 * b, authorId: 'p-1', createdAt: 1000 + b }, 'writer');
    for (let p = 1; p <= plan.healthy.people; p++) setPosition(doc, `b-${b}`, `p-${p}`, { agreement: SCALE[(b + p) % 5], direction: null, updatedAt: 5 }, 'writer');
  }
  doc.transact(() => {
    for (const write of plan.writes) doc.getMap(write.root).set(write.key, build(write.value));
  }, 'hostile');
  return doc;
}

/** The document as the store gives it back: encoded and applied to a fresh document. */
export function storedCopy(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

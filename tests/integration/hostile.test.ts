// The relay against hostile and buggy participants (issue 12): each attack the issue lists,
// made the way such a browser would make it — raw protocol clients holding a participant,
// facilitator or view link, sending what no honest page sends — against the real relay,
// store and sockets. Each case asserts that the honest people on the same board (a
// facilitator and a participant in real WebsocketProviders, each with its SaveTracker)
// stay connected, keep getting their changes confirmed, and see nothing change but their
// own edits: in their own copies, in a fresh reader's, and in the store after a restart.
//
// "See nothing change" is checked on the raw document (tests/helpers/rawBoard.ts): every
// root, key and value as stored, not what the tolerant readers make of it. The expected
// board is a reference document that receives only the honest browsers' own updates from
// the moment the attack starts.
//
// Every case fails on the relay before the rules work (e9f6dfe: run there, all fifteen
// failed); the comment on each says how the attack went then. The cases and checks marked
// "found here" also failed on the relay this branch started from (71065dc); the commit
// that fixed each says why.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { bearer, type Role } from '../../shared/access.ts';
import { PARTICIPANT_COLORS } from '../../shared/colors.ts';
import { MAX_BOARD_TITLE } from '../../shared/limits.ts';
import {
  addBelief,
  deleteBeliefs,
  listPositions,
  moveBeliefs,
  readBelief,
  readBoardMeta,
  readPosition,
  restoreBeliefs,
  setBeliefColor,
  setBeliefText,
  setBoardTitle,
  setPosition,
  upsertParticipant,
} from '../../shared/model.ts';
import { CLOSE, messageWorkshop, type CreateBoardResponse, type MembersResponse, type PersonalLinkResponse } from '../../shared/protocol.ts';
import { beliefsMap, metaMap, participantsMap, positionKey, positionsMap, readStoredPosition, ROOT, SCHEMA_VERSION } from '../../shared/schema.ts';
import { readWorkshop, setLocked, setPrivateWriting, WORKSHOP_KEY, workshopMap } from '../../shared/workshop.ts';
import { encodeWorkshopRequest } from '../../shared/workshopMessages.ts';
import { awarenessMessage, firstCharId, itemAfter, mapEntryItem, updateOfItems } from '../helpers/hostile.ts';
import { SEMICOLON_FORMULA, TAB_FORMULA } from '../helpers/hostileText.ts';
import { partOf, rawDocContent, type Raw } from '../helpers/rawBoard.ts';
import {
  accessOf,
  connectProvider,
  participantSecretFor,
  rememberCreatedBoard,
  startTestRelay,
  waitFor,
  waitSynced,
  type TestRelay,
  type TestRelayOptions,
} from '../helpers/relay.ts';
import { formulaCells } from '../helpers/spreadsheetCells.ts';
import { spawnRelay } from '../helpers/childRelay.ts';
import { openRawSocket } from '../helpers/rawSocket.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';

let relay: TestRelay | null = null;
let cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  await relay?.close();
  relay = null;
});

// ---------------------------------------------------------------- honest people

interface Honest {
  id: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveTracker;
  /** The origin of this browser's own transactions (what its tracker counts as mine). */
  origin: object;
  /** Close codes of every time the relay closed this browser's socket. */
  closes: number[];
  leave(): void;
}

/**
 * A real WebsocketProvider proving `id` through the board's link for `role` (or `secret`,
 * a personal link's), set up as the app's session sets it up: it does not send back the
 * presence it receives (PresenceAwareness, client/state/boardProvider.ts).
 */
function honest(boardId: string, id: string, role: Exclude<Role, 'view'>, secret?: string, wsUrl = relay!.wsUrl): Honest {
  const connected = connectProvider(wsUrl, boardId, { as: id, secret: secret ?? accessOf(boardId).secrets[role], noPresenceEcho: true });
  // The page listens on the workshop channel (client/state/workshopChannel.ts); these
  // people answer no round through it, so they only take its notices.
  connected.provider.messageHandlers[messageWorkshop] = () => {};
  const origin = { honest: id };
  const tracker = new SaveTracker(connected.provider, connected.doc, (from) => from === origin);
  const closes: number[] = [];
  connected.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    tracker.destroy();
    connected.destroy();
  };
  cleanups.push(leave);
  return { id, doc: connected.doc, provider: connected.provider, tracker, origin, closes, leave };
}

interface Board {
  boardId: string;
  fiona: Honest;
  alice: Honest;
  people: Honest[];
  /** Fiona's belief and Alice's, each with positions. */
  fionaBelief: string;
  aliceBelief: string;
}

/**
 * A relay, a board, and its honest people: Fiona facilitates, Alice takes part. Each has
 * a name, a belief, and positions; everything is confirmed and both copies agree.
 */
async function boardWithHonestPeople(options: TestRelayOptions = {}): Promise<Board> {
  relay = await startTestRelay({ idleUnloadMs: 200, ...options });
  const boardId = await relay.createBoard('Where we stand', 'belief-map');
  const fiona = honest(boardId, 'fiona', 'facilitate');
  const alice = honest(boardId, 'alice', 'edit');
  await Promise.all([waitSynced(fiona.provider), waitSynced(alice.provider)]);
  upsertParticipant(fiona.doc, { id: 'fiona', name: 'Fiona', color: PARTICIPANT_COLORS[0] }, fiona.origin);
  upsertParticipant(alice.doc, { id: 'alice', name: 'Alice', color: PARTICIPANT_COLORS[1] }, alice.origin);
  const fionaBelief = addBelief(fiona.doc, { text: 'We ship every week', x: 0, y: 0, color: 'green', authorId: 'fiona' }, fiona.origin);
  const aliceBelief = addBelief(alice.doc, { text: 'Our docs are current', x: 300, y: 0, color: 'blue', authorId: 'alice' }, alice.origin);
  await waitFor(() => !!readBelief(alice.doc, fionaBelief) && !!readBelief(fiona.doc, aliceBelief), 5_000, 'both beliefs on both');
  setPosition(alice.doc, fionaBelief, 'alice', { agreement: 1, direction: -1 }, alice.origin);
  setPosition(alice.doc, aliceBelief, 'alice', { agreement: 2, direction: null }, alice.origin);
  setPosition(fiona.doc, aliceBelief, 'fiona', { agreement: -1, direction: 2 }, fiona.origin);
  const people = [fiona, alice];
  await allConfirmed(people);
  await agree(people);
  return { boardId, fiona, alice, people, fionaBelief, aliceBelief };
}

async function allConfirmed(people: readonly Honest[], timeoutMs = 10_000): Promise<void> {
  await waitFor(() => people.every((person) => person.tracker.unconfirmed === 0), timeoutMs, 'every honest change to be confirmed');
}

/** Waits until every honest copy holds the same raw board. */
async function agree(people: readonly Honest[]): Promise<void> {
  await waitFor(() => people.every((person) => isDeepStrictEqual(rawDocContent(person.doc), rawDocContent(people[0].doc))), 5_000, 'the honest copies to agree');
}

/**
 * From now on, what the honest people should see: the board as they agree on it now, plus
 * their own changes, and nothing else. Call once their copies agree.
 */
function expectOnlyOwnChanges(people: readonly Honest[]): { reference: Y.Doc; stop(): void } {
  const reference = new Y.Doc();
  Y.applyUpdate(reference, Y.encodeStateAsUpdate(people[0].doc));
  const listeners = people.map((person) => {
    const listener = (update: Uint8Array, origin: unknown) => {
      if (origin === person.origin) Y.applyUpdate(reference, update);
    };
    person.doc.on('update', listener);
    return () => person.doc.off('update', listener);
  });
  const stop = () => listeners.forEach((off) => off());
  cleanups.push(stop);
  return { reference, stop };
}

type View = (doc: Y.Doc) => [string, Raw][];
const wholeBoard: View = (doc) => rawDocContent(doc);

/**
 * The honest people were never disconnected, every change they made is confirmed, and
 * they, and a fresh reader, see exactly `reference` (through `view`). Returns the board as seen.
 */
async function honestPeopleHold(board: Board, reference: Y.Doc, view: View = wholeBoard, people = board.people): Promise<[string, Raw][]> {
  await allConfirmed(people);
  const expected = view(reference);
  await waitFor(() => people.every((person) => isDeepStrictEqual(view(person.doc), expected)), 5_000, 'the honest copies to show the expected board').catch(() => {});
  for (const person of people) expect(view(person.doc), `what ${person.id} sees`).toEqual(expected);
  const reader = await WorkshopClient.open(relay!.wsUrl, board.boardId, { role: 'view' });
  expect(view(reader.doc), 'what a newcomer gets').toEqual(expected);
  await reader.close();
  for (const person of people) {
    expect(person.closes, `${person.id}'s socket closes`).toEqual([]);
    expect(person.provider.wsconnected, `${person.id} connected`).toBe(true);
  }
  return expected;
}

/** The honest people leave, the relay restarts, and the stored board is read back. */
async function storedAfterRestart(board: Board): Promise<WorkshopClient> {
  for (const person of board.people) person.leave();
  await relay!.restart();
  const reader = await WorkshopClient.open(relay!.wsUrl, board.boardId, { role: 'view' });
  cleanups.push(() => reader.close());
  return reader;
}

const EXPORTS = ['export.json', 'export.md', 'export.csv', 'summary.csv'] as const;

/** Every export answers 200, and the JSON snapshot imports into a new board. */
async function exportsWork(boardId: string): Promise<Record<(typeof EXPORTS)[number], string>> {
  const bodies = {} as Record<(typeof EXPORTS)[number], string>;
  for (const name of EXPORTS) {
    const response = await fetch(`${relay!.server.url}/api/boards/${boardId}/${name}`, { headers: { Authorization: bearer(accessOf(boardId).secrets.view) } });
    bodies[name] = await response.text();
    expect(response.status, `${name}: ${bodies[name].slice(0, 200)}`).toBe(200);
  }
  const imported = await fetch(`${relay!.server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bodies['export.json'] });
  expect(imported.status, await imported.clone().text()).toBe(201);
  return bodies;
}

// ---------------------------------------------------------------- attackers

/** A raw participant client proving `id` (the test secret for it) through the board's `role` link. */
async function attacker(boardId: string, id: string, role: Role = 'edit'): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay!.wsUrl, boardId, { role, participant: { id, secret: participantSecretFor(id) } });
  cleanups.push(() => client.close());
  return client;
}

async function viewer(boardId: string): Promise<WorkshopClient> {
  const client = await WorkshopClient.open(relay!.wsUrl, boardId, { role: 'view' });
  cleanups.push(() => client.close());
  return client;
}

/** `attack` makes the client send a change the rules forbid: the relay closes it with 4430, and says why. */
async function refusedAndClosed(client: WorkshopClient, attack: (doc: Y.Doc) => void): Promise<string> {
  attack(client.doc);
  // Closed, or else answered "stored" (accepted, or cut out in words): the attack got through.
  const closed = await Promise.race([client.whenClosed(), client.stored().then(() => null)]);
  expect(closed?.code, `closed for: ${client.last('refused')?.reason ?? client.last('changeRefused')?.reason}`).toBe(CLOSE.forbiddenChange);
  return client.last('refused')?.reason ?? '';
}

/** Opens a fresh attacker as `id`, makes it send `attack`, and expects the forbidden close. */
async function forbidden(boardId: string, id: string, attack: (doc: Y.Doc) => void, role: Role = 'edit'): Promise<string> {
  return refusedAndClosed(await attacker(boardId, id, role), attack);
}

/** How the relay closed `client` within `ms`, or null if it kept it open. */
function closedWithin(client: WorkshopClient, ms = 3_000): Promise<{ code: number } | null> {
  return Promise.race([client.whenClosed(), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

function send(client: WorkshopClient, update: Uint8Array): void {
  client.sendUpdate(update);
}

async function health(): Promise<void> {
  const response = await fetch(`${relay!.server.url}/healthz`);
  expect(response.status).toBe(200);
}

const ODD_IDS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toJSON',
  'then',
  'length',
  'size',
  'get',
  'set',
  'has',
  'delete',
  'clear',
  'call',
  'apply',
  'bind',
  'NaN',
  'Infinity',
  'undefined',
  'null',
  '0',
  '-1',
  '_',
  '-',
] as const;

describe('the relay against hostile participants (issue 12)', () => {
  it('1. odd participant ids (__proto__, constructor, …) as "me" and as keys inside updates: the relay stays up, other boards and the honest people are untouched', async () => {
    // Before: a socket with me=__proto__ and any p threw inside the relay's participant
    // table (a plain object keyed by id) and took the whole process down.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice, fionaBelief, aliceBelief } = board;
    // Another board with its own honest person, who must not notice any of this.
    const otherBoard = await relay!.createBoard('Elsewhere');
    const olga = honest(otherBoard, 'olga', 'edit');
    await waitSynced(olga.provider);
    const olgaBelief = addBelief(olga.doc, { text: 'Quiet here', x: 0, y: 0, authorId: 'olga' }, olga.origin);
    await allConfirmed([olga]);
    const otherBefore = rawDocContent(olga.doc);

    // A round on Fiona's belief and private writing, so the odd ids reach the relay's
    // tables of sealed answers and private notes too.
    setPrivateWriting(fiona.doc, true, fiona.origin);
    const round = await attacker(boardId, 'fiona-second-tab', 'facilitate');
    round.send({ kind: 'startRound', beliefIds: [fionaBelief], deadline: null, autoReveal: false });
    await waitFor(() => readWorkshop(alice.doc).round?.status === 'open' && readWorkshop(alice.doc).privateWriting, 5_000, 'the round and private writing');
    await round.close();
    const aliceSeal = await attacker(boardId, 'alice-raw');
    await aliceSeal.close();
    await agree(board.people);
    const { reference } = expectOnlyOwnChanges(board.people);
    const honestIds = new Set(['fiona', 'alice']);

    for (const odd of ODD_IDS) {
      const client = await attacker(boardId, odd);
      expect(client.last('refused'), `${odd} is let in as itself`).toBeUndefined();
      // What a participant may write for themselves, under the odd id and with it as a key.
      // (A belief may not be called __proto__: see below.)
      const ownBelief = odd === '__proto__' ? 'proto-belief' : odd;
      upsertParticipant(client.doc, { id: odd, name: odd, color: PARTICIPANT_COLORS[2] }, 'odd');
      addBelief(client.doc, { id: ownBelief, text: `${odd} speaks`, x: 10, y: 10, authorId: odd }, 'odd');
      setPosition(client.doc, aliceBelief, odd, { agreement: -2, direction: 2 }, 'odd');
      setPosition(client.doc, ownBelief, odd, { agreement: 0, direction: null }, 'odd');
      client.send({ kind: 'seal', beliefId: fionaBelief, agreement: 2, direction: 2 });
      client.send({ kind: 'seal', beliefId: ownBelief, agreement: 2, direction: 2 });
      client.send({ kind: 'savePrivate', note: { id: `note-${odd}`, text: odd, x: 0, y: 0, color: 'yellow', createdAt: Date.now() } });
      client.send({ kind: 'savePrivate', note: { id: odd, text: odd, x: 0, y: 0, color: 'yellow', createdAt: Date.now() } });
      client.send({ kind: 'deletePrivate', id: 'constructor' });
      client.send({ kind: 'removeParticipant', participantId: odd });
      client.sendRaw(awarenessMessage([{ client: client.doc.clientID, clock: 1, state: { user: { id: odd, name: odd, color: odd, [odd]: odd }, [odd]: { [odd]: null } } }]));
      expect(await client.stored(), `${odd}'s own writes are stored`).not.toBeNull();
      expect(client.closed).toBeNull();
      // And what it may not: someone else's answer under an odd belief id, an odd key in a
      // keyed root — each closes this connection only.
      await refusedAndClosed(client, (doc) => positionsMap(doc).set(positionKey(odd, 'alice'), { agreement: 2, direction: 2, updatedAt: 1 }));
      await forbidden(boardId, `${odd.replace(/_/g, 'u')}x`, (doc) => metaMap(doc).set(odd, odd));
      await forbidden(boardId, `${odd.replace(/_/g, 'u')}y`, (doc) => workshopMap(doc).set(odd, true));
    }
    // A belief called __proto__ is refused (found here): who answered a round is a plain
    // record keyed by belief id, and every browser decoding it (lib0) would take that key
    // for the record's prototype, losing the entry. As a participant id it is just an id.
    expect(await forbidden(boardId, 'valueOf', (doc) => addBelief(doc, { id: '__proto__', text: 'x', x: 0, y: 0, authorId: 'valueOf' }, 'odd'))).toMatch(/belief id/);
    // The facilitator's tools with odd ids: removing one is hers to do.
    const fred = await attacker(boardId, 'hasOwnProperty', 'facilitate');
    fred.send({ kind: 'removeParticipant', participantId: '__proto__' });
    fred.send({ kind: 'removeParticipant', participantId: 'constructor' });
    expect(await fred.stored()).not.toBeNull();
    // Ids that are no ids at all: the relay takes such a browser as one that did not say who it is.
    for (const notAnId of ['~relay', '__proto__.x', 'a:b', ' ', '']) {
      const client = await WorkshopClient.open(relay!.wsUrl, boardId, { participant: { id: notAnId, secret: participantSecretFor('x') } });
      cleanups.push(() => client.close());
      expect(client.last('refused')?.reason).toMatch(/did not say who it is/);
    }
    // The removed odd ids may not come back.
    const removed = await WorkshopClient.open(relay!.wsUrl, boardId, { participant: { id: '__proto__', secret: participantSecretFor('__proto__') } });
    cleanups.push(() => removed.close());
    expect(removed.last('refused')?.reason).toMatch(/removed you/);

    await health();
    const members = await fetch(`${relay!.server.url}/api/boards/${boardId}/members`, { headers: { Authorization: bearer(accessOf(boardId).secrets.facilitate) } });
    expect(members.status).toBe(200);
    expect(((await members.json()) as MembersResponse).sharedLinkIds).toBeGreaterThanOrEqual(ODD_IDS.length);
    // Honest people edit through it all.
    moveBeliefs(fiona.doc, [{ id: fionaBelief, x: 40, y: 40 }], fiona.origin);
    setPosition(alice.doc, aliceBelief, 'alice', { agreement: 1, direction: 1 }, alice.origin);
    await honestPeopleHold(board, reference, (doc) => partOf(rawDocContent(doc), honestIds));
    // The odd ids' own answers are on the board under their own keys.
    const onBoard = listPositions(fiona.doc).map((position) => position.participantId);
    for (const odd of ODD_IDS.filter((odd) => odd !== '__proto__' && odd !== 'constructor')) expect(onBoard, odd).toContain(odd);

    // The reveal counts every sealed answer, the odd ones included, and the honest ones as sealed.
    const aliceRaw = await attacker(boardId, 'alice');
    aliceRaw.send({ kind: 'seal', beliefId: fionaBelief, agreement: -1, direction: 1 });
    await waitFor(() => aliceRaw.last('mySealed')?.positions.length === 1, 5_000, 'Alice to seal');
    const closer = await attacker(boardId, 'fiona', 'facilitate');
    closer.send({ kind: 'revealRound' });
    await waitFor(() => readWorkshop(fiona.doc).round?.status === 'revealed', 5_000, 'the reveal');
    expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(fionaBelief, 'alice')))).toMatchObject({ agreement: -1, direction: 1 });
    // Private writing ends: the odd ids' notes come out under their authors (not those of
    // the two removed, whose notes went with them).
    setPrivateWriting(fiona.doc, false, fiona.origin);
    const released = ODD_IDS.filter((odd) => odd !== '__proto__' && odd !== 'constructor');
    await waitFor(() => released.every((odd) => readBelief(fiona.doc, `note-${odd}`)?.authorId === odd), 5_000, 'the odd notes');
    expect(readBelief(fiona.doc, 'note-__proto__')).toBeNull();

    // A round on every belief: who answered is a record keyed by the odd belief ids.
    closer.send({ kind: 'startRound', beliefIds: null, deadline: null, autoReveal: false });
    await waitFor(() => readWorkshop(fiona.doc).round?.number === 2, 5_000, 'round 2');
    const sealers = ['toString', 'valueOf', 'then', 'length', 'prototype'];
    for (const odd of sealers) {
      const client = await attacker(boardId, odd);
      client.send({ kind: 'seal', beliefId: odd, agreement: 1, direction: null });
      client.send({ kind: 'seal', beliefId: aliceBelief, agreement: 1, direction: null });
      await waitFor(() => client.last('mySealed')?.positions.length === 2, 5_000, `${odd} to seal`);
    }
    aliceRaw.send({ kind: 'seal', beliefId: aliceBelief, agreement: 0, direction: null });
    await waitFor(() => aliceRaw.last('mySealed')?.positions.length === 1, 5_000, 'Alice to seal again');
    await waitFor(() => (readWorkshop(fiona.doc).round?.answered[aliceBelief]?.length ?? 0) === sealers.length + 1, 5_000, 'everyone’s answer to show');
    // On a cluster Alice may be on another relay than Fiona, and hear of it a little later.
    await waitFor(() => (readWorkshop(alice.doc).round?.answered[aliceBelief]?.length ?? 0) === sealers.length + 1, 5_000, 'everyone’s answer to reach Alice');
    const answered = readWorkshop(alice.doc).round!.answered;
    for (const odd of sealers) expect(Object.hasOwn(answered, odd) ? answered[odd] : undefined, odd).toEqual([odd]);
    expect(answered[aliceBelief]).toEqual(['alice', ...sealers].sort());
    closer.send({ kind: 'revealRound' });
    await waitFor(() => readWorkshop(fiona.doc).round?.status === 'revealed', 5_000, 'the second reveal');
    expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(aliceBelief, 'alice')))).toMatchObject({ agreement: 0 });
    for (const odd of sealers) expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(odd, odd))), odd).toMatchObject({ agreement: 1 });

    // The other board never noticed.
    setBeliefText(olga.doc, olgaBelief, 'Still quiet here', olga.origin);
    await allConfirmed([olga]);
    expect(olga.closes).toEqual([]);
    expect(rawDocContent(olga.doc)).not.toEqual(otherBefore);
    expect(readBelief(olga.doc, olgaBelief)?.text).toBe('Still quiet here');

    // The store holds it all: the board loads, every odd id comes back as itself, exports work.
    const before = rawDocContent(fiona.doc);
    olga.leave();
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(before);
    const back = await attacker(boardId, 'toString');
    expect(back.last('refused')).toBeUndefined();
    expect(back.closed).toBeNull();
    await exportsWork(boardId);
  });

  it('2. a participant writing meta.schemaVersion = 99 is refused: the board still opens after a restart and every export answers 200', async () => {
    // Before: relayed, stored and confirmed; the next load refused the board as "written by
    // a newer Beliefmap" and every export answered 500.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice } = board;
    const { reference } = expectOnlyOwnChanges(board.people);
    const reason = await forbidden(boardId, 'mallory', (doc) => metaMap(doc).set('schemaVersion', 99));
    expect(reason).toMatch(/only the relay writes meta.schemaVersion/);
    await forbidden(boardId, 'mallory', (doc) => metaMap(doc).delete('schemaVersion'));
    await forbidden(boardId, 'mallory', (doc) => metaMap(doc).set('createdAt', -1));
    // Not even a facilitator link may: the version says what the relay migrated the board to.
    await forbidden(boardId, 'fred', (doc) => metaMap(doc).set('schemaVersion', 99), 'facilitate');
    await forbidden(boardId, 'fred', (doc) => metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1), 'facilitate');
    setBoardTitle(fiona.doc, 'Where we stand now', fiona.origin);
    setPosition(alice.doc, board.fionaBelief, 'alice', { agreement: 2, direction: 2 }, alice.origin);
    const seen = await honestPeopleHold(board, reference);
    const reader = await storedAfterRestart(board);
    expect(readBoardMeta(reader.doc)).toMatchObject({ schemaVersion: SCHEMA_VERSION, title: 'Where we stand now' });
    expect(rawDocContent(reader.doc)).toEqual(seen);
    await exportsWork(boardId);
  });

  it('3. forged positions under someone else’s id are refused, before a round, while it is open and after its reveal', async () => {
    // Before: positions["<belief>:alice"] from Mallory was relayed, stored and shown as
    // Alice's answer, also after a reveal.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice, fionaBelief, aliceBelief } = board;
    const forge = (beliefId: string, victim: string) => (doc: Y.Doc) =>
      positionsMap(doc).set(positionKey(beliefId, victim), { agreement: -2, direction: -2, updatedAt: Date.now() });
    const { reference, stop } = expectOnlyOwnChanges(board.people);
    expect(await forbidden(boardId, 'mallory', forge(aliceBelief, 'alice'))).toMatch(/may not write positions/);
    await forbidden(boardId, 'mallory', forge(fionaBelief, 'fiona'));
    await forbidden(boardId, 'mallory', (doc) => positionsMap(doc).delete(positionKey(aliceBelief, 'alice')));
    await forbidden(boardId, 'mallory', (doc) => participantsMap(doc).set('alice', { name: 'Alice (agrees with Mallory)', color: PARTICIPANT_COLORS[1] }));
    // Dressed up as a model call with another author, and through a facilitator link.
    await forbidden(boardId, 'mallory', (doc) => setPosition(doc, aliceBelief, 'alice', { agreement: -2 }, 'x'));
    await forbidden(boardId, 'fred', forge(aliceBelief, 'alice'), 'facilitate');
    await honestPeopleHold(board, reference);
    stop();

    // During a sealed round, and after its reveal.
    const fionaRaw = await attacker(boardId, 'fiona', 'facilitate');
    const aliceRaw = await attacker(boardId, 'alice');
    fionaRaw.send({ kind: 'startRound', beliefIds: [fionaBelief], deadline: null, autoReveal: false });
    await waitFor(() => readWorkshop(alice.doc).round?.status === 'open', 5_000, 'the round');
    aliceRaw.send({ kind: 'seal', beliefId: fionaBelief, agreement: 2, direction: 1 });
    await waitFor(() => aliceRaw.last('mySealed')?.positions.length === 1, 5_000, 'Alice to seal');
    await forbidden(boardId, 'mallory', forge(fionaBelief, 'alice'));
    fionaRaw.send({ kind: 'revealRound' });
    await waitFor(() => readWorkshop(alice.doc).round?.status === 'revealed', 5_000, 'the reveal');
    // Alice and Fiona may be on different relays of a cluster: the reveal reaches them apart.
    await agree(board.people);
    expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(fionaBelief, 'alice')))).toMatchObject({ agreement: 2, direction: 1 });
    await agree(board.people);
    const after = expectOnlyOwnChanges(board.people);
    await forbidden(boardId, 'mallory', forge(fionaBelief, 'alice'));
    await forbidden(boardId, 'mallory', (doc) => doc.getMap(ROOT.rounds).set('1', { number: 1, positions: [] }));
    setPosition(fiona.doc, fionaBelief, 'fiona', { agreement: 0, direction: null }, fiona.origin);
    const seen = await honestPeopleHold(board, after.reference);
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(seen);
    expect(readStoredPosition(positionsMap(reader.doc).get(positionKey(fionaBelief, 'alice')))).toMatchObject({ agreement: 2, direction: 1 });
  });

  it('3b. squatting on an honest browser’s Yjs client id, learnt from its presence, neither writes as it nor shuts it out (found here)', async () => {
    // Found here: Bea's tab showed its Yjs client id in its presence before it wrote
    // anything; Mallory wrote one struct under it, and the relay took it, gave the id to
    // Mallory and relayed the struct to Bea. Yjs in Bea's tab, seeing its own client id
    // written by someone else, switched to a new one, which y-websocket's presence does not
    // follow: her provider then threw on every reconnect and when it closed.
    const board = await boardWithHonestPeople();
    const { boardId, aliceBelief } = board;
    const mallory = await attacker(boardId, 'mallory');
    const bea = honest(boardId, 'bea', 'edit');
    // As the app does on opening a board, before anything is written.
    bea.provider.awareness.setLocalState({ user: { id: 'bea', name: 'Bea', color: PARTICIPANT_COLORS[4] }, cursor: null, selection: [] });
    await waitSynced(bea.provider);
    let beaClient: number | undefined;
    await waitFor(() => {
      for (const [client, state] of mallory.awareness.getStates()) if ((state as { user?: { id?: string } }).user?.id === 'bea') beaClient = client;
      return beaClient !== undefined;
    }, 5_000, 'Mallory to see Bea’s presence');
    expect(beaClient).toBe(bea.doc.clientID);
    // One struct of Mallory's own (her participant record, hers to write) under Bea's client id.
    const record = new Y.ContentAny([{ name: 'Mallory', color: PARTICIPANT_COLORS[3] }]);
    send(mallory, updateOfItems([mapEntryItem(beaClient!, 0, ROOT.participants, 'mallory', record)]));
    expect(await closedWithin(mallory), 'Mallory closed for writing under Bea’s client id').toMatchObject({ code: CLOSE.forbiddenChange });
    expect(mallory.last('refused')?.reason).toMatch(/belongs to someone else/);
    const people = [...board.people, bea];
    await agree(people);
    const { reference } = expectOnlyOwnChanges(people);
    upsertParticipant(bea.doc, { id: 'bea', name: 'Bea', color: PARTICIPANT_COLORS[4] }, bea.origin);
    setPosition(bea.doc, aliceBelief, 'bea', { agreement: 1, direction: null }, bea.origin);
    await honestPeopleHold(board, reference, wholeBoard, people);
    expect(readStoredPosition(positionsMap(board.fiona.doc).get(positionKey(aliceBelief, 'bea')))).toMatchObject({ agreement: 1 });
    expect(bea.doc.clientID, 'Bea’s tab kept its client id').toBe(beaClient);
    // Her tab reconnects as any tab does.
    bea.provider.disconnect();
    bea.provider.connect();
    await waitSynced(bea.provider);
    setPosition(bea.doc, aliceBelief, 'bea', { agreement: 2, direction: null }, bea.origin);
    await allConfirmed([bea]);
  });

  it('3c. someone else’s structs sent as a catch-up (sync step 2), which the relay accepts from honest browsers after a crash, write nothing and hold nobody up', async () => {
    // A catch-up may honestly carry a colleague's change the relay relayed but lost in a
    // crash, so the relay leaves such structs out instead of closing the sender
    // (decideUpdate.ts, withoutOthersWork). Mallory tries to use that door to write as Alice.
    const board = await boardWithHonestPeople();
    const { boardId, alice, fiona, aliceBelief } = board;
    const { reference, stop } = expectOnlyOwnChanges(board.people);
    const mallory = await attacker(boardId, 'mallory');
    const aliceClient = alice.doc.clientID;
    const next = Y.decodeStateVector(Y.encodeStateVector(fiona.doc)).get(aliceClient) ?? 0;
    const forged = updateOfItems([
      mapEntryItem(aliceClient, next, ROOT.positions, positionKey(aliceBelief, 'alice'), new Y.ContentAny([{ agreement: -2, direction: -2, updatedAt: Date.now() }])),
    ]);
    const asCatchUp = (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0); // sync
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
      return encoding.toUint8Array(encoder);
    };
    mallory.sendRaw(asCatchUp(forged));
    // And a change of Mallory's own that builds on the forged struct: held back, never applied.
    const ownOnForged = updateOfItems([itemAfter(1_234_567 + Math.floor(Math.random() * 1_000_000), 0, { client: aliceClient, clock: next } as Y.ID, new Y.ContentAny(['x']))]);
    mallory.sendRaw(asCatchUp(Y.mergeUpdates([forged, ownOnForged])));
    expect(await mallory.stored(), 'Mallory stays connected, and is told what is stored').not.toBeNull();
    expect(await closedWithin(mallory, 300)).toBeNull();
    await honestPeopleHold(board, reference);
    expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(aliceBelief, 'alice')))).not.toMatchObject({ agreement: -2, direction: -2 });
    stop();
    // Alice's own next change under her client id is not taken for a duplicate of the forgery.
    setPosition(alice.doc, aliceBelief, 'alice', { agreement: 1, direction: 1 }, alice.origin);
    await allConfirmed([alice]);
    await waitFor(() => readStoredPosition(positionsMap(fiona.doc).get(positionKey(aliceBelief, 'alice')))?.agreement === 1, 5_000, 'Alice’s answer to reach Fiona');
  });

  it('4. refused updates in a loop (lock, size, forbidden keys, a broken continuation) never drop the room: the facilitator stays connected and every change of hers is confirmed', async () => {
    // Before: every refused update dropped the room and closed every socket on the board
    // with 4500: looping it for 10 s kicked a facilitator 65 times and confirmed 25 of her
    // 72 changes. Found here as well: a struct continuing one of the sender's own that the
    // relay had cut out made Yjs throw while applying it, which dropped the room the same way.
    const board = await boardWithHonestPeople({ limits: { maxBoardBytes: 400_000 } });
    const { boardId, fiona, alice, fionaBelief, aliceBelief } = board;
    setLocked(fiona.doc, true, fiona.origin);
    await allConfirmed(board.people);
    await agree(board.people);
    const { reference } = expectOnlyOwnChanges(board.people);

    let mallory = await attacker(boardId, 'mallory');
    let loops = 0;
    const refusedKinds = new Set<string>();
    const attacking = (async () => {
      const until = Date.now() + 6_000;
      while (Date.now() < until) {
        loops++;
        if (mallory.closed) mallory = await attacker(boardId, 'mallory');
        const doc = mallory.doc;
        switch (loops % 4) {
          case 0: {
            // Refused: a note while the board is locked (cut out, the sender told)…
            addBelief(doc, { text: `locked out ${loops}`, x: loops, y: 0, authorId: 'mallory' }, 'm');
            const stored = await mallory.stored(2_000);
            // …then a struct continuing that cut-out note's last clock (now a gap in the
            // room), dressed as removing Mallory's own answer: Yjs attached it to the gap
            // and threw while applying it.
            const state = stored && Y.decodeStateVector(stored).get(doc.clientID);
            if (state) send(mallory, updateOfItems([mapEntryItem(doc.clientID, state - 1, ROOT.positions, positionKey(aliceBelief, 'mallory'), new Y.ContentDeleted(2))]));
            break;
          }
          case 1:
            // Refused: past the board's size (the whole update, whatever is in it).
            doc.transact(() => positionsMap(doc).set(positionKey(aliceBelief, 'mallory'), { agreement: 1, direction: null, updatedAt: 'x'.repeat(450_000) as unknown as number }));
            break;
          case 2:
            // Forbidden: the lock itself.
            setLocked(doc, false, 'm');
            break;
          case 3:
            // Refused: typing into a locked note.
            setBeliefText(doc, fionaBelief, 'Vandalised', 'm');
            break;
        }
        for (const notice of mallory.notices) if (notice.kind === 'changeRefused') refusedKinds.add(notice.reason.split(':')[0]!);
        await mallory.stored(2_000);
      }
    })();

    // Meanwhile Fiona (the lock does not hold her) and Alice (answers are not locked) work.
    const latencies: number[] = [];
    let changes = 0;
    const working = (async () => {
      const until = Date.now() + 6_000;
      while (Date.now() < until) {
        changes++;
        const started = performance.now();
        if (changes % 2 === 0) moveBeliefs(fiona.doc, [{ id: fionaBelief, x: changes, y: changes }], fiona.origin);
        else setPosition(alice.doc, fionaBelief, 'alice', { agreement: ([-2, -1, 0, 1, 2] as const)[changes % 5], direction: null }, alice.origin);
        await allConfirmed(board.people, 5_000);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
    })();
    await Promise.all([attacking, working]);
    latencies.sort((a, b) => a - b);
    console.log(`kick loop: ${loops} hostile updates, ${changes} honest changes, confirmation p50 ${latencies[latencies.length >> 1]!.toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
    expect(fiona.tracker.confirmedCount).toBe(fiona.tracker.madeCount);
    expect(alice.tracker.confirmedCount).toBe(alice.tracker.madeCount);
    expect(refusedKinds.size).toBeGreaterThanOrEqual(2);
    expect(latencies.at(-1)).toBeLessThan(3_000);
    const seen = await honestPeopleHold(board, reference);
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(seen);
  });

  it('5. a participant switching private writing off is refused before the round keeper hears of it: the private notes stay private, stored, and come out when the facilitator ends it', async () => {
    // Before: refused, yet the round keeper had already released the notes into a document
    // that was then dropped, and saved empty private notes: Alice's notes were gone.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice } = board;
    setPrivateWriting(fiona.doc, true, fiona.origin);
    await allConfirmed(board.people);
    await agree(board.people);
    const aliceRaw = await attacker(boardId, 'alice');
    const notes = ['Our estimates are fiction', 'Nobody reads the roadmap'].map((text, i) => ({ id: `alice-note-${i}`, text, x: i * 220, y: 400, color: 'pink', createdAt: Date.now() }));
    for (const note of notes) aliceRaw.send({ kind: 'savePrivate', note });
    await waitFor(() => aliceRaw.last('myPrivate')?.notes.length === 2, 5_000, 'Alice’s private notes to be kept');
    const { reference } = expectOnlyOwnChanges(board.people);

    await forbidden(boardId, 'mallory', (doc) => setPrivateWriting(doc, false, 'm'));
    await forbidden(boardId, 'mallory', (doc) => workshopMap(doc).delete(WORKSHOP_KEY.privateWriting));
    // Mallory asks to drop notes by Alice's ids: those are Alice's, not Mallory's.
    const mallory = await attacker(boardId, 'mallory');
    for (const note of notes) mallory.send({ kind: 'deletePrivate', id: note.id });
    mallory.send({ kind: 'savePrivate', note: { ...notes[0]!, text: 'Overwritten by Mallory' } });
    // Notes the relay would add to the board unjudged when private writing ends must be
    // beliefs the rules allow (found here: a note off the board, in colour "evil" or
    // from before time came out as such a belief).
    const poisoned = [
      { id: 'far-away', x: 1e300 },
      { id: 'evil-colour', color: 'evil' },
      { id: 'before-time', createdAt: -1e300 },
      { id: '__proto__' },
    ].map((odd) => ({ text: 'Mallory’s', x: 0, y: 0, color: 'yellow', createdAt: Date.now(), ...odd }));
    for (const note of poisoned) mallory.send({ kind: 'savePrivate', note });
    const refusedNotes = () => mallory.notices.filter((notice) => notice.kind === 'refused' && /private note was not kept/.test(notice.reason));
    await waitFor(() => refusedNotes().length === poisoned.length, 5_000, 'every poisoned note to be refused').catch(() => {});
    expect(refusedNotes()).toHaveLength(poisoned.length);
    expect(mallory.closed).toBeNull();
    setPosition(alice.doc, board.fionaBelief, 'alice', { agreement: 0, direction: null }, alice.origin);
    await honestPeopleHold(board, reference);
    expect(aliceRaw.last('myPrivate')?.notes.map((note) => note.text)).toEqual(notes.map((note) => note.text));
    expect(readWorkshop(fiona.doc).privateWriting).toBe(true);
    for (const note of notes) expect(readBelief(fiona.doc, note.id)).toBeNull();

    // Stored: after a restart Alice still has them, and they come out under her name when Fiona ends it.
    await aliceRaw.close();
    await mallory.close();
    await storedAfterRestart(board);
    const aliceBack = await attacker(boardId, 'alice');
    await waitFor(() => aliceBack.last('myPrivate')?.notes.length === 2, 5_000, 'Alice’s notes after the restart');
    const fionaBack = await attacker(boardId, 'fiona', 'facilitate');
    setPrivateWriting(fionaBack.doc, false, 'fiona');
    await waitFor(() => notes.every((note) => readBelief(aliceBack.doc, note.id)?.authorId === 'alice'), 5_000, 'the notes to come out');
    expect(notes.map((note) => readBelief(aliceBack.doc, note.id)?.text)).toEqual(notes.map((note) => note.text));
    // The release is one transaction: none of the refused notes came out with Alice's.
    expect(Array.from(beliefsMap(aliceBack.doc).keys()).filter((id) => poisoned.some((note) => note.id === id))).toEqual([]);
  });

  it('6. presence cannot be spoken for someone else: not from a view link, not from a participant, not after the person reconnects', async () => {
    // Before: a view link sent an awareness entry with Fiona's client id and a higher clock,
    // and everyone saw "Fiona (facilitator): everyone vote +2!"; sending null removed her.
    // Found here: once a person's tab disconnected, anyone could take its client id; when
    // the tab came back its presence was dropped as someone else's.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice } = board;
    const fionaState = { user: { id: 'fiona', name: 'Fiona', color: PARTICIPANT_COLORS[0] }, cursor: { x: 1, y: 2 }, selection: [], facilitating: true };
    fiona.provider.awareness.setLocalState(fionaState);
    alice.provider.awareness.setLocalState({ user: { id: 'alice', name: 'Alice', color: PARTICIPANT_COLORS[1] }, cursor: null, selection: [] });
    const fionaSeenByAlice = () => alice.provider.awareness.getStates().get(fiona.doc.clientID) as typeof fionaState | undefined;
    await waitFor(() => fionaSeenByAlice()?.user.name === 'Fiona', 5_000, 'Alice to see Fiona');
    const { reference } = expectOnlyOwnChanges(board.people);
    const spoof = { user: { id: 'fiona', name: 'Fiona (facilitator): everyone vote +2!', color: PARTICIPANT_COLORS[0] }, role: 'facilitate', facilitating: true };

    const audience = await viewer(boardId);
    const mallory = await attacker(boardId, 'mallory');
    for (const client of [audience, mallory]) {
      const clock = (alice.provider.awareness.meta.get(fiona.doc.clientID)?.clock ?? 0) + 100;
      client.sendRaw(awarenessMessage([{ client: fiona.doc.clientID, clock, state: spoof }]));
      client.sendRaw(awarenessMessage([{ client: fiona.doc.clientID, clock: clock + 1, state: null }]));
      client.sendRaw(awarenessMessage([{ client: alice.doc.clientID, clock: clock + 2, state: null }]));
      // Its own presence, dressed as the facilitator.
      client.sendRaw(awarenessMessage([{ client: client.doc.clientID, clock: 1, state: spoof }]));
    }
    await audience.stored(300);
    expect(await mallory.stored()).not.toBeNull();
    // Fiona is still there as herself; whoever claims her words is shown as who they are.
    await waitFor(() => Array.from(alice.provider.awareness.getStates().values()).filter((state) => JSON.stringify(state).includes('vote +2')).length === 2, 5_000, 'the dressed-up presences to arrive');
    expect(fionaSeenByAlice()).toMatchObject({ user: { id: 'fiona', name: 'Fiona' }, role: 'facilitate', facilitating: true });
    expect(fiona.provider.awareness.getStates().get(alice.doc.clientID)).toMatchObject({ user: { id: 'alice', name: 'Alice' } });
    for (const [client, state] of alice.provider.awareness.getStates()) {
      const presence = state as { user: { id: string; name: string }; role: string; facilitating: boolean };
      if (client === fiona.doc.clientID || !JSON.stringify(presence).includes('vote +2')) continue;
      expect(presence.facilitating, 'a spoofer is never shown facilitating').toBe(false);
      expect(presence.user.id).not.toBe('fiona');
      expect(['view', 'edit']).toContain(presence.role);
    }

    // Carol's tab drops off for a moment; Mallory takes its client id meanwhile.
    const carol = honest(boardId, 'carol', 'edit');
    await waitSynced(carol.provider);
    carol.provider.awareness.setLocalState({ user: { id: 'carol', name: 'Carol', color: PARTICIPANT_COLORS[5] }, cursor: null, selection: [] });
    const carolSeenByFiona = () => fiona.provider.awareness.getStates().get(carol.doc.clientID) as { user: { id: string; name: string } } | undefined;
    await waitFor(() => carolSeenByFiona()?.user.name === 'Carol', 5_000, 'Fiona to see Carol');
    carol.provider.disconnect();
    await waitFor(() => carolSeenByFiona() === undefined, 5_000, 'Carol’s presence to go');
    const carolClock = carol.provider.awareness.meta.get(carol.doc.clientID)!.clock;
    mallory.sendRaw(awarenessMessage([{ client: carol.doc.clientID, clock: carolClock + 50, state: { user: { id: 'carol', name: 'Carol: I vote with Mallory' }, cursor: null, selection: [] } }]));
    expect(await mallory.stored()).not.toBeNull();
    carol.provider.connect();
    await waitSynced(carol.provider);
    // Back, Carol moves her pointer, as the page publishes it.
    carol.provider.awareness.setLocalStateField('cursor', { x: 7, y: 8 });
    await waitFor(() => carolSeenByFiona()?.user.name === 'Carol', 5_000, 'Fiona to see Carol again, as herself').catch(() => {});
    expect(carolSeenByFiona()).toMatchObject({ user: { id: 'carol', name: 'Carol' }, cursor: { x: 7, y: 8 } });
    expect(JSON.stringify(Array.from(fiona.provider.awareness.getStates().values()))).not.toContain('I vote with Mallory');

    setBoardTitle(fiona.doc, 'Still Fiona’s board', fiona.origin);
    await honestPeopleHold(board, reference);
  });


  it('7. one shared edit link cannot vote five times once answers go through personal links; the facilitator sees how many ids came through the shared link', async () => {
    // Before: one edit link opened five made-up participant ids, sealed +2 with each, and
    // the reveal counted five votes; the facilitator could neither see it nor stop it.
    relay = await startTestRelay({ idleUnloadMs: 200 });
    const boardId = await relay.createBoard('One voice each');
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${relay!.server.url}/api/boards/${boardId}/${path}`, {
        ...init,
        headers: { Authorization: bearer(accessOf(boardId).secrets.facilitate), 'Content-Type': 'application/json' },
      });
    const members = async () => (await (await api('members')).json()) as MembersResponse;
    const fiona = honest(boardId, 'fiona', 'facilitate');
    await waitSynced(fiona.provider);
    const belief = addBelief(fiona.doc, { text: 'We should rewrite it in Rust', x: 0, y: 0, authorId: 'fiona' }, fiona.origin);
    await allConfirmed([fiona]);
    expect((await members()).sharedLinkIds, 'the facilitator’s own id came through her own link').toBe(0);

    // Mallory holds the shared edit link and makes up five ids; the facilitator can see them come.
    const ballots = ['ballot-1', 'ballot-2', 'ballot-3', 'ballot-4', 'ballot-5'];
    const stuffers = await Promise.all(ballots.map((id) => attacker(boardId, id)));
    await waitFor(async () => (await members()).sharedLinkIds === 5, 5_000, 'five ids through the shared link');

    // "Personal links only": the shared link's sessions are closed and come back view-only.
    const switched = await api('settings', { method: 'PUT', body: JSON.stringify({ personalOnly: true }) });
    expect(switched.status).toBe(200);
    for (const stuffer of stuffers) expect((await stuffer.whenClosed()).code).toBe(CLOSE.accessChanged);
    const personal: PersonalLinkResponse[] = [];
    for (const name of ['Alice', 'Bob']) {
      const response = await api('personal-links', { method: 'POST', body: JSON.stringify({ name }) });
      expect(response.status).toBe(201);
      personal.push((await response.json()) as PersonalLinkResponse);
    }
    const secretOf = (link: PersonalLinkResponse) => new URLSearchParams(new URL(link.link, 'http://x').hash.slice(1)).get('k')!;
    const [aliceLink, bobLink] = personal as [PersonalLinkResponse, PersonalLinkResponse];

    const round = await attacker(boardId, 'fiona', 'facilitate');
    round.send({ kind: 'startRound', beliefIds: [belief], deadline: null, autoReveal: false });
    await waitFor(() => readWorkshop(fiona.doc).round?.status === 'open', 5_000, 'the round');
    // The five ids again, on the shared link: they may look, not answer.
    for (const id of ballots) {
      const stuffer = await attacker(boardId, id);
      expect(stuffer.last('refused')?.reason).toMatch(/personal links only/);
      stuffer.send({ kind: 'seal', beliefId: belief, agreement: 2, direction: 2 });
      await waitFor(() => stuffer.notices.filter((notice) => notice.kind === 'refused').length === 2, 5_000, 'the seal to be refused');
      expect(stuffer.last('refused')?.reason).toMatch(/cannot answer/);
      await stuffer.close();
    }
    // One personal link (Bob's, passed to Mallory) under five made-up ids is still one person.
    for (const id of ballots) {
      const stuffer = await WorkshopClient.open(relay.wsUrl, boardId, { secret: secretOf(bobLink), participant: { id, secret: participantSecretFor(id) } });
      cleanups.push(() => stuffer.close());
      stuffer.send({ kind: 'seal', beliefId: belief, agreement: 2, direction: 2 });
      await waitFor(() => stuffer.last('mySealed')?.positions.length === 1, 5_000, 'the seal');
    }
    const alice = await WorkshopClient.open(relay.wsUrl, boardId, { secret: secretOf(aliceLink) });
    cleanups.push(() => alice.close());
    alice.send({ kind: 'seal', beliefId: belief, agreement: -1, direction: null });
    await waitFor(() => alice.last('mySealed')?.positions.length === 1, 5_000, 'Alice’s seal');
    round.send({ kind: 'revealRound' });
    await waitFor(() => readWorkshop(fiona.doc).round?.status === 'revealed', 5_000, 'the reveal');
    const revealed = listPositions(fiona.doc).map(({ participantId, agreement }) => [participantId, agreement]);
    expect(revealed.sort()).toEqual([[aliceLink.participantId, -1], [bobLink.participantId, 2]].sort());
    const after = await members();
    expect(after).toMatchObject({ personalOnly: true, sharedLinkIds: 5 });
    expect(after.personalLinks.map((link) => link.name)).toEqual(['Alice', 'Bob']);
    expect(fiona.closes).toEqual([]);
    await allConfirmed([fiona]);
  });

  it('9. poisoned values (null records, a number as a name, colour "evil", a belief id with ":", a 200-character title, …) are refused; every export answers 200 and its snapshot imports', async () => {
    // Before: all relayed and stored; the exports answered 500 or produced a snapshot the
    // importer refused, and the page threw.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice, aliceBelief } = board;
    // Mallory's own belief, hers to change, so values are judged on a key she may write.
    const own = await attacker(boardId, 'mallory');
    const mine = addBelief(own.doc, { text: 'Mine', x: 0, y: 0, authorId: 'mallory' }, 'm');
    upsertParticipant(own.doc, { id: 'mallory', name: 'Mallory', color: PARTICIPANT_COLORS[3] }, 'm');
    // Her answer as the tuple readers take (shared/schema.ts), well formed: an answer like any other.
    positionsMap(own.doc).set(positionKey(mine, 'mallory'), [-1, 2, 5]);
    expect(await own.stored()).not.toBeNull();
    await own.close();
    await waitFor(() => !!readBelief(fiona.doc, mine), 5_000, 'Mallory’s belief');
    await agree(board.people);
    expect(readPosition(fiona.doc, mine, 'mallory')).toEqual({ agreement: -1, direction: 2, updatedAt: 5 });
    expect(readPosition(alice.doc, mine, 'mallory')).toEqual({ agreement: -1, direction: 2, updatedAt: 5 });
    const { reference } = expectOnlyOwnChanges(board.people);
    const beliefField = (key: string, value: unknown) => (doc: Y.Doc) => beliefsMap(doc).get(mine)!.set(key, value);
    const rawBelief = (id: string, fields: Record<string, unknown>) => (doc: Y.Doc) => {
      const record = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) record.set(key, value);
      beliefsMap(doc).set(id, record);
    };
    const goodBelief = () => ({ text: new Y.Text('ok'), x: 0, y: 0, color: 'yellow', authorId: 'mallory', createdAt: 1 });
    const poisons: [string, (doc: Y.Doc) => void, Role?][] = [
      ['participants.x = null', (doc) => participantsMap(doc).set('x' as never, null as never)],
      ['my own record = null', (doc) => participantsMap(doc).set('mallory', null as never)],
      ['a number as my name', (doc) => participantsMap(doc).set('mallory', { name: 42, color: PARTICIPANT_COLORS[3] } as never)],
      ['colour "evil"', (doc) => participantsMap(doc).set('mallory', { name: 'Mallory', color: 'evil' })],
      ['a name of spaces', (doc) => participantsMap(doc).set('mallory', { name: '   ', color: PARTICIPANT_COLORS[3] })],
      ['a record with its own toString', (doc) => participantsMap(doc).set('mallory', { name: 'Mallory', color: PARTICIPANT_COLORS[3], toString: 1 } as never)],
      ['a belief id with ":"', (doc) => addBelief(doc, { id: `${aliceBelief}:alice`, text: 'colon', x: 0, y: 0, authorId: 'mallory' }, 'm')],
      ['a belief id of 200 characters', (doc) => addBelief(doc, { id: 'b'.repeat(200), text: 'long', x: 0, y: 0, authorId: 'mallory' }, 'm')],
      ['a note colour "evil"', beliefField('color', 'evil')],
      ['NaN as a place', beliefField('x', Number.NaN)],
      ['a place far off the board', beliefField('y', 1e300)],
      ['a field no belief has', beliefField('evil', 1)],
      ['an author changed', beliefField('authorId', 'alice')],
      ['a text that is a number', beliefField('text', 5)],
      ['a belief whose text is a number', rawBelief('numtext', { ...goodBelief(), text: 5 })],
      ['a belief missing its place', rawBelief('noplace', { text: new Y.Text('x'), color: 'yellow', authorId: 'mallory', createdAt: 1 })],
      ['a belief in someone else’s name', rawBelief('framed', { ...goodBelief(), authorId: 'alice' })],
      ['a belief from before time', rawBelief('early', { ...goodBelief(), createdAt: -5 })],
      ['a position that is a string', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), 'strongly agree' as never)],
      ['agreement +3', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), { agreement: 3, direction: null, updatedAt: 1 } as never)],
      ['a position with more in it', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), { agreement: 1, direction: null, updatedAt: 1, note: 'x' } as never)],
      // The tuple readers take (shared/schema.ts, readStoredPosition), malformed.
      ['a tuple of two', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), [1, null])],
      ['a tuple of four', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), [1, null, 1, 'note'])],
      ['a tuple off the scale', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), [3, null, 1])],
      ['a tuple with a direction in words', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), ['pass', 'up', 1])],
      ['a tuple with no time', (doc) => positionsMap(doc).set(positionKey(mine, 'mallory'), [1, null, 'now'])],
      ['a tuple under someone else’s id', (doc) => positionsMap(doc).set(positionKey(aliceBelief, 'alice'), [-2, -2, 1])],
      ['a 200-character title (participant)', (doc) => metaMap(doc).set('title', 'T'.repeat(200))],
      ['a 200-character title (facilitator link)', (doc) => metaMap(doc).set('title', 'T'.repeat(MAX_BOARD_TITLE + 80)), 'facilitate'],
      ['a template that is none', (doc) => metaMap(doc).set('template', 42), 'facilitate'],
      ['a lock that is "yes"', (doc) => workshopMap(doc).set(WORKSHOP_KEY.locked, 'yes'), 'facilitate'],
      ['a timer of a year', (doc) => workshopMap(doc).set(WORKSHOP_KEY.timer, { endsAt: null, remainingMs: 3.2e10, durationMs: 3.2e10 }), 'facilitate'],
      ['a summons of nobody', (doc) => workshopMap(doc).set(WORKSHOP_KEY.summon, { participantId: null, at: 1 }), 'facilitate'],
    ];
    for (const [what, poison, role] of poisons) {
      const client = await attacker(boardId, role === 'facilitate' ? 'fred' : 'mallory', role ?? 'edit');
      poison(client.doc);
      expect(await Promise.race([client.whenClosed(), client.stored().then(() => null)]), what).toMatchObject({ code: CLOSE.forbiddenChange });
    }
    // An answer to a belief that is not there is what an honest browser sends when the
    // belief went while it answered: cut out, the sender told, the connection kept.
    const late = await attacker(boardId, 'mallory');
    positionsMap(late.doc).set(positionKey('nowhere', 'mallory'), { agreement: 1, direction: null, updatedAt: 1 });
    await waitFor(() => late.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(late.last('changeRefused')?.reason).toMatch(/no longer on the board/);
    expect(late.closed).toBeNull();
    setBeliefColor(alice.doc, [aliceBelief], 'pink', alice.origin);
    const seen = await honestPeopleHold(board, reference);
    const bodies = await exportsWork(boardId);
    expect(bodies['export.md']).toContain('Our docs are current');
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(seen);
  });

  it('10. junk root types (text, map, array, XML, list entries in a board root) are refused: nothing of them is stored or sent to a joiner', async () => {
    // Before: a participant put 16.6 MiB into a root text type nothing reads; nobody could
    // remove it and every joiner downloaded it.
    const board = await boardWithHonestPeople();
    const { boardId, fiona } = board;
    const joinerBytes = async () => {
      const joiner = await viewer(boardId);
      const bytes = Y.encodeStateAsUpdate(joiner.doc).length;
      await joiner.close();
      return bytes;
    };
    const before = await joinerBytes();
    const { reference } = expectOnlyOwnChanges(board.people);
    const junk: [string, (doc: Y.Doc) => void][] = [
      ['900 KB into a root text', (doc) => doc.getText('notes').insert(0, 'x'.repeat(900_000))],
      ['a root map', (doc) => doc.getMap('stash').set('k', 'v'.repeat(10_000))],
      ['a root array', (doc) => doc.getArray('list').push(['a', 'b', { c: 1 }])],
      ['a root XML fragment', (doc) => doc.getXmlFragment('xml').insert(0, [new Y.XmlText('hello')])],
      ['a nested text where a position belongs', (doc) => (positionsMap(doc) as Y.Map<unknown>).set(positionKey(board.aliceBelief, 'mallory'), new Y.Text('x'.repeat(1000)))],
      ['a nested map inside a belief', (doc) => beliefsMap(doc).get(board.aliceBelief)!.set('x', new Y.Map())],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [what, write] of junk) {
        const reason = await forbidden(boardId, 'mallory', write);
        expect(reason, what).not.toBe('');
      }
    }
    // List entries in a board root, made struct by struct (no model call writes them).
    const mallory = await attacker(boardId, 'mallory');
    send(mallory, updateOfItems([mapEntryItem(mallory.doc.clientID, 0, ROOT.beliefs, null, new Y.ContentString('x'.repeat(50_000)))]));
    expect((await mallory.whenClosed()).code).toBe(CLOSE.forbiddenChange);
    setBoardTitle(fiona.doc, 'Clean board', fiona.origin);
    const seen = await honestPeopleHold(board, reference);
    const after = await joinerBytes();
    console.log(`a joiner downloads ${before} bytes before the junk and ${after} after`);
    expect(after).toBeLessThan(before + 200);
    expect(seen.map(([root]) => root).every((root) => (Object.values(ROOT) as string[]).includes(root))).toBe(true);
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(seen);
    expect(Y.encodeStateAsUpdate(reader.doc).length).toBeLessThan(before + 200);
  });

  it('11. nobody deletes someone else’s belief; its author can (kept in "Recently deleted" with its positions) and restore it, as can the facilitator', async () => {
    // Before: any participant deleted anyone's belief, with every position on it, in one
    // click, and its author could not undo it.
    const board = await boardWithHonestPeople();
    const { boardId, fiona, alice, fionaBelief, aliceBelief } = board;
    const { reference, stop } = expectOnlyOwnChanges(board.people);
    expect(await forbidden(boardId, 'mallory', (doc) => deleteBeliefs(doc, [aliceBelief], 'mallory', 'm'))).toMatch(/may not change this belief/);
    await forbidden(boardId, 'mallory', (doc) => deleteBeliefs(doc, [aliceBelief], 'alice', 'm'));
    expect(await forbidden(boardId, 'mallory', (doc) => beliefsMap(doc).delete(aliceBelief))).toMatch(/may not remove a belief someone else wrote/);
    await forbidden(boardId, 'mallory', (doc) => positionsMap(doc).delete(positionKey(aliceBelief, 'fiona')));
    await forbidden(boardId, 'mallory', (doc) => beliefsMap(doc).get(aliceBelief)!.delete('text'));
    await honestPeopleHold(board, reference);
    stop();

    // Alice deletes her own: it waits in "Recently deleted" with its positions.
    deleteBeliefs(alice.doc, [aliceBelief], 'alice', alice.origin);
    await allConfirmed(board.people);
    await waitFor(() => readBelief(fiona.doc, aliceBelief)?.deletedAt !== null, 5_000, 'the deletion to reach Fiona');
    expect(readBelief(fiona.doc, aliceBelief)).toMatchObject({ deletedBy: 'alice', text: 'Our docs are current' });
    expect(readStoredPosition(positionsMap(fiona.doc).get(positionKey(aliceBelief, 'fiona')))).toMatchObject({ agreement: -1 });
    // Mallory may not bring it back (nor take it further); Alice may, and so may Fiona.
    await forbidden(boardId, 'mallory', (doc) => restoreBeliefs(doc, [aliceBelief], 'm'));
    await forbidden(boardId, 'mallory', (doc) => beliefsMap(doc).delete(aliceBelief));
    // Each step waits until everyone holds the last: on a cluster, Fiona restoring from a
    // copy that has not yet heard of Alice's second deletion would race it, not follow it.
    restoreBeliefs(alice.doc, [aliceBelief], alice.origin);
    await allConfirmed(board.people);
    await agree(board.people);
    deleteBeliefs(alice.doc, [aliceBelief], 'alice', alice.origin);
    await allConfirmed(board.people);
    await agree(board.people);
    await waitFor(() => readBelief(fiona.doc, aliceBelief)?.deletedAt !== null, 5_000, 'the second deletion');
    restoreBeliefs(fiona.doc, [aliceBelief], fiona.origin);
    await allConfirmed(board.people);
    await waitFor(() => readBelief(alice.doc, aliceBelief)?.deletedAt === null, 5_000, 'Fiona’s restore');

    // Undoing the creation of a belief removes it outright: its author's undo may, nobody else's.
    const aliceUndo = new Y.UndoManager([beliefsMap(alice.doc)], { trackedOrigins: new Set([alice.origin]) });
    const draft = addBelief(alice.doc, { text: 'Typo, undo me', x: 0, y: 300, authorId: 'alice' }, alice.origin);
    await allConfirmed(board.people);
    await waitFor(() => !!readBelief(fiona.doc, draft), 5_000, 'the draft');
    await forbidden(boardId, 'mallory', (doc) => beliefsMap(doc).delete(draft));
    aliceUndo.undo();
    await allConfirmed(board.people);
    await waitFor(() => !beliefsMap(fiona.doc).has(draft), 5_000, 'the undo to reach Fiona');

    // A removal the board refuses (it is locked) leaves the belief whole (found here: the
    // struct deleting the belief was cut out, but the deletions of everything inside it
    // were applied: the belief lost its text, place, colour and author).
    const keepMe = addBelief(alice.doc, { text: 'Keep me whole', x: 10, y: 20, color: 'pink', authorId: 'alice' }, alice.origin);
    await allConfirmed(board.people);
    const aliceTab = await attacker(boardId, 'alice');
    const undoInTab = new Y.UndoManager([beliefsMap(aliceTab.doc)], { trackedOrigins: new Set(['tab']) });
    const tabBelief = addBelief(aliceTab.doc, { text: 'Also whole', x: 30, y: 40, color: 'green', authorId: 'alice' }, 'tab');
    expect(await aliceTab.stored()).not.toBeNull();
    setLocked(fiona.doc, true, fiona.origin);
    await allConfirmed(board.people);
    await waitFor(() => readWorkshop(aliceTab.doc).locked, 5_000, 'the lock to reach Alice’s tab');
    undoInTab.undo();
    await waitFor(() => aliceTab.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(aliceTab.last('changeRefused')?.reason).toMatch(/locked/);
    expect(aliceTab.closed).toBeNull();
    await aliceTab.close();
    await agree(board.people);
    expect(readBelief(fiona.doc, tabBelief)).toMatchObject({ text: 'Also whole', x: 30, y: 40, color: 'green', authorId: 'alice', deletedAt: null });
    expect(readBelief(fiona.doc, keepMe)).toMatchObject({ text: 'Keep me whole', authorId: 'alice' });
    expect(readBelief(fiona.doc, fionaBelief)).toMatchObject({ text: 'We ship every week', authorId: 'fiona' });
    expect(board.people.flatMap((person) => person.closes)).toEqual([]);
    const seen = rawDocContent(fiona.doc);
    const reader = await storedAfterRestart(board);
    expect(rawDocContent(reader.doc)).toEqual(seen);
    expect(readBelief(reader.doc, aliceBelief)).toMatchObject({ deletedAt: null, text: 'Our docs are current' });
    expect(readBelief(reader.doc, tabBelief)).toMatchObject({ text: 'Also whole', authorId: 'alice' });
  });

  it('12. CSV exports of text written to attack a spreadsheet in another locale run no formula (covered in tests/unit/exports-hostile-text.test.ts)', async () => {
    const board = await boardWithHonestPeople();
    const { boardId, alice } = board;
    const mallory = await attacker(boardId, 'mallory');
    upsertParticipant(mallory.doc, { id: 'mallory', name: SEMICOLON_FORMULA, color: PARTICIPANT_COLORS[3] }, 'm');
    const trap = addBelief(mallory.doc, { text: TAB_FORMULA, x: 0, y: 0, authorId: 'mallory' }, 'm');
    setPosition(mallory.doc, trap, 'mallory', { agreement: 2, direction: null }, 'm');
    expect(await mallory.stored()).not.toBeNull();
    // Stored on Mallory's relay; on a cluster, Alice's may hear of it a moment later.
    await waitFor(() => readBelief(alice.doc, trap) !== null, 5_000, 'Alice to see the trap');
    setPosition(alice.doc, trap, 'alice', { agreement: -2, direction: null }, alice.origin);
    await allConfirmed(board.people);
    const bodies = await exportsWork(boardId);
    for (const name of ['export.csv', 'summary.csv'] as const) {
      expect(bodies[name]).toContain('calc');
      for (const separator of [',', ';', '\t']) expect(formulaCells(bodies[name], separator), `${name} split on ${JSON.stringify(separator)}`).toEqual([]);
    }
  });

  it('13. every POST and PUT of the API must say JSON: a text/plain one answers 415 and changes nothing (the rest in tests/integration/http.test.ts)', async () => {
    relay = await startTestRelay();
    const boardId = await relay.createBoard('Forms from elsewhere');
    const base = `${relay.server.url}/api/boards`;
    const facilitator = bearer(accessOf(boardId).secrets.facilitate);
    const plain = { 'Content-Type': 'text/plain' };
    expect((await fetch(base, { method: 'POST', headers: plain, body: '{"title":"x"}' })).status).toBe(415);
    const link = await fetch(`${base}/${boardId}/personal-links`, { method: 'POST', headers: { ...plain, Authorization: facilitator }, body: '{"name":"Eve"}' });
    expect(link.status, await link.clone().text()).toBe(415);
    const setting = await fetch(`${base}/${boardId}/settings`, { method: 'PUT', headers: { ...plain, Authorization: facilitator }, body: '{"personalOnly":true}' });
    expect(setting.status).toBe(415);
    const members = (await (await fetch(`${base}/${boardId}/members`, { headers: { Authorization: facilitator } })).json()) as MembersResponse;
    expect(members).toMatchObject({ personalOnly: false, personalLinks: [] });
  });
});

describe('the relay against slow readers (issue 12, item 8), in its own process', () => {
  it('8. 95 view links that stop reading while sending 16 KB presence within their limits: the relay’s memory stays bounded, honest confirmations stay fast', async () => {
    // Before: nothing bounded what the relay buffered for one socket: RSS went from 170 MB
    // to 2 GB in 25 s and was never given back, and confirmations on other boards took
    // seconds. The relay runs as a child process here, so its RSS is its own.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-slow-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const child = await spawnRelay(dataDir);
    cleanups.push(async () => {
      await child.stop('SIGTERM');
    });
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    const create = async (title: string) => {
      const response = await fetch(`${child.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }) });
      return rememberCreatedBoard((await response.json()) as CreateBoardResponse);
    };
    const crowded = await create('Crowded');
    const quiet = await create('Quiet');
    const fiona = honest(crowded, 'fiona', 'facilitate', undefined, child.wsUrl);
    const alice = honest(crowded, 'alice', 'edit', undefined, child.wsUrl);
    const quinn = honest(quiet, 'quinn', 'edit', undefined, child.wsUrl);
    await Promise.all([fiona, alice, quinn].map((person) => waitSynced(person.provider)));
    const crowdedBelief = addBelief(fiona.doc, { text: 'Everyone is watching', x: 0, y: 0, authorId: 'fiona' }, fiona.origin);
    const quietBelief = addBelief(quinn.doc, { text: 'Nobody is watching', x: 0, y: 0, authorId: 'quinn' }, quinn.origin);
    await allConfirmed([fiona, alice, quinn]);
    const rssAtStart = rss();

    // The presence each attacker sends: as large as the relay lets one message be.
    const padding = 'p'.repeat(16_384 - 200);
    // Each one a change (an unchanged state is only a renewal, which the relay passes on rarely).
    const presence = (client: number, clock: number) => awarenessMessage([{ client, clock, state: { user: { name: 'Slow reader' }, cursor: { x: clock, y: clock }, padding } }]);
    const VIEWERS = 95;
    const TALKERS = 2;
    let stopping = false;
    const cut: number[] = [];
    let reconnects = 0;
    const open = async (role: Role, id: number): Promise<WorkshopClient> => {
      for (;;) {
        const client = new WorkshopClient(child.wsUrl, crowded, role === 'view' ? { role } : { role, participant: { id: `talker-${id}`, secret: participantSecretFor(`talker-${id}`) } });
        try {
          await waitFor(() => client.synced || client.closed !== null, 10_000, 'an attacker to join');
        } catch {
          /* a busy relay: try again */
        }
        if (client.synced && !client.closed) return client;
        await client.close();
        if (stopping) return client;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    /** One attacker slot: joins, stops reading, sends presence ten times a second; comes back when cut off. */
    const slot = async (role: Role, id: number) => {
      let client = await open(role, id);
      let clock = 1;
      while (!stopping) {
        if (client.closed) {
          cut.push(client.closed.code);
          reconnects++;
          client = await open(role, id);
          continue;
        }
        if (role === 'view') (client.rawSocket as unknown as { _socket: { pause(): void } })._socket.pause();
        client.sendRaw(presence(client.doc.clientID, clock++));
        // Within each one's limits: 10 a second from a view link; 28 a second (455 KB/s of
        // the 512 KB/s a connection may send) from a participant, whose presence the relay
        // passes on whole.
        await new Promise((resolve) => setTimeout(resolve, role === 'view' ? 100 : 35));
      }
      // A socket that stops reading never sees the relay's answer to a close.
      client.rawSocket.terminate();
      await client.close();
    };
    const viewersJoined = Array.from({ length: VIEWERS }, (_, i) => slot('view', i));
    const talkersJoined = Array.from({ length: TALKERS }, (_, i) => slot('edit', i));

    // Honest work meanwhile: Quinn on the quiet board, Alice on the crowded one.
    const latencies = { quinn: [] as number[], alice: [] as number[] };
    const work = async (person: Honest, change: (n: number) => void, every: number, into: number[]) => {
      for (let n = 0; !stopping; n++) {
        const started = performance.now();
        change(n);
        // A change not confirmed in time is counted at the wait, and fails the bound below.
        await allConfirmed([person], 10_000).catch(() => {});
        into.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, every));
      }
    };
    const working = [
      work(quinn, (n) => moveBeliefs(quinn.doc, [{ id: quietBelief, x: n, y: n }], quinn.origin), 100, latencies.quinn),
      work(alice, (n) => setPosition(alice.doc, crowdedBelief, 'alice', { agreement: ([-2, -1, 0, 1, 2] as const)[n % 5], direction: null }, alice.origin), 200, latencies.alice),
    ];
    const samples: { at: number; mb: number }[] = [];
    const started = performance.now();
    // 20 s, and on a machine too busy to fill the readers' buffers by then, until the relay
    // has had to cut one off (the path under test), up to 45 s.
    while (performance.now() - started < 20_000 || (cut.length === 0 && performance.now() - started < 45_000)) {
      samples.push({ at: (performance.now() - started) / 1000, mb: rss() });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    stopping = true;
    await Promise.all([...viewersJoined, ...talkersJoined, ...working]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssAfter = rss();

    const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
    const peak = Math.max(...samples.map((sample) => sample.mb));
    const every2s = samples.filter((_, i) => i % 8 === 0).map((sample) => `${sample.at.toFixed(0)}s ${sample.mb.toFixed(0)}`);
    console.log(
      [
        `slow readers: relay RSS ${rssAtStart.toFixed(0)} MB at start, peak ${peak.toFixed(0)} MB, ${rssAfter.toFixed(0)} MB 3 s after; over time (s MB): ${every2s.join(', ')}`,
        `  ${cut.length} attacker sockets cut off (${[...new Set(cut)].join(', ')}), ${reconnects} reconnects`,
        `  Quinn (other board): ${latencies.quinn.length} changes, confirmation p50 ${p(latencies.quinn, 0.5).toFixed(0)} ms, p99 ${p(latencies.quinn, 0.99).toFixed(0)} ms`,
        `  Alice (same board): ${latencies.alice.length} changes, confirmation p50 ${p(latencies.alice, 0.5).toFixed(0)} ms, p99 ${p(latencies.alice, 0.99).toFixed(0)} ms`,
        `  honest closes: ${JSON.stringify([fiona, alice, quinn].map((person) => [person.id, person.closes]))}`,
      ].join('\n'),
    );
    // The relay cut the readers that fell behind (rather than buffer for them).
    expect(cut.filter((code) => code === CLOSE.tooSlow || code === 1006).length).toBeGreaterThan(0);
    expect(peak - rssAtStart).toBeLessThan(RSS_GROWTH_BOUND_MB);
    // Generous: p99 measured 40–660 ms (other board) and 190–730 ms (same board) on two
    // cores, up to 1.3 s and 1.9 s while other test runs loaded them twelvefold; on e9f6dfe
    // both were over 2 s, and no reader was ever cut off.
    expect(p(latencies.quinn, 0.99)).toBeLessThan(2_000);
    expect(p(latencies.alice, 0.99)).toBeLessThan(3_000);
    for (const person of [fiona, alice, quinn]) expect(person.closes, person.id).toEqual([]);
    expect(quinn.tracker.confirmedCount).toBe(quinn.tracker.madeCount);
  }, 150_000);
});

describe('the relay against a flood of private notes (found here), in its own process', () => {
  it('8b. twenty participants saving private notes as fast as their limits allow do not hold up another board’s confirmations', async () => {
    // Found here: every saved note queued a save of the whole sealed state (every note of
    // everyone, megabytes) in the store's single queue, and a notice of all the sender's
    // notes; twenty sockets doing it at their message rate held another board's
    // confirmations for more than 30 s.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-notes-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const child = await spawnRelay(dataDir);
    cleanups.push(async () => {
      await child.stop('SIGKILL');
    });
    const create = async (title: string) => {
      const response = await fetch(`${child.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }) });
      return rememberCreatedBoard((await response.json()) as CreateBoardResponse);
    };
    const crowded = await create('Writing in private');
    const quiet = await create('Quiet');
    const fiona = await WorkshopClient.open(child.wsUrl, crowded, { role: 'facilitate', participant: { id: 'fiona', secret: participantSecretFor('fiona') } });
    cleanups.push(() => fiona.close());
    setPrivateWriting(fiona.doc, true, 'fiona');
    expect(await fiona.stored()).not.toBeNull();
    const quinn = honest(quiet, 'quinn', 'edit', undefined, child.wsUrl);
    await waitSynced(quinn.provider);
    const belief = addBelief(quinn.doc, { text: 'Nobody is writing here', x: 0, y: 0, authorId: 'quinn' }, quinn.origin);
    await allConfirmed([quinn]);

    let stopping = false;
    const floods = Array.from({ length: 20 }, async (_, i) => {
      const id = `scribe-${i}`;
      const socket = await openRawSocket(`${child.wsUrl}/${crowded}?k=${accessOf(crowded).secrets.edit}&me=${id}&p=${participantSecretFor(id)}`);
      socket.on('error', () => {});
      // 200 notes of 500 characters each (the most the relay keeps per person), rewritten
      // over and over, 80 a second: within the 100 messages a second a socket may send.
      const messages = Array.from({ length: 200 }, (_, n) =>
        encodeWorkshopRequest({ kind: 'savePrivate', note: { id: `note-${n}`, text: 'x'.repeat(500), x: 0, y: 0, color: 'yellow', createdAt: Date.now() } }),
      );
      for (let n = 0; !stopping && socket.readyState === socket.OPEN; n++) {
        socket.send(messages[n % messages.length]!);
        await new Promise((resolve) => setTimeout(resolve, 12));
      }
      socket.terminate();
    });
    const latencies: number[] = [];
    const started = performance.now();
    for (let n = 0; performance.now() - started < 8_000; n++) {
      const before = performance.now();
      moveBeliefs(quinn.doc, [{ id: belief, x: n, y: n }], quinn.origin);
      await allConfirmed([quinn], 30_000).catch(() => {});
      latencies.push(performance.now() - before);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stopping = true;
    await Promise.all(floods);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
    console.log(`private-note flood: Quinn (other board) ${latencies.length} changes, confirmation p50 ${latencies[latencies.length >> 1]!.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
    expect(p99).toBeLessThan(1_500);
    expect(quinn.closes).toEqual([]);
    expect(quinn.tracker.confirmedCount).toBe(quinn.tracker.madeCount);
  }, 90_000);
  it('14. writing every update under a fresh Yjs client id is cut off: a tab gets a few, a board takes new ones at a bounded rate, and another board stays fast', async () => {
    // Found here: a participant writing each update under a new client id made the board
    // keep every id for good, and Yjs works in proportion to them on every transaction: 20
    // sockets doing it pushed another board's confirmations past 30 s and left the relay at
    // 100 % CPU after they stopped.
    const burst = 40;
    const board = await boardWithHonestPeople({ limits: { newClientIdsPerBoardBurst: burst, newClientIdsPerBoardPerMinute: 60 } });
    const { boardId, fiona } = board;
    const quiet = await relay!.createBoard('Quiet');
    const quinn = honest(quiet, 'quinn', 'edit');
    await waitSynced(quinn.provider);
    const belief = addBelief(quinn.doc, { text: 'Nobody is inflating here', x: 0, y: 0, authorId: 'quinn' }, quinn.origin);
    await allConfirmed([quinn]);
    await agree(board.people);
    const { reference } = expectOnlyOwnChanges(board.people);
    const honestIds = new Set(['fiona', 'alice']);
    const clientsIn = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc)).size;
    const before = clientsIn(fiona.doc);

    // One tab, one fresh client id per update: the fifth is refused and the tab closed.
    const greedy = await attacker(boardId, 'greedy');
    const record = (name: string) => new Y.ContentAny([{ name, color: PARTICIPANT_COLORS[3] }]);
    let sent = 0;
    for (; sent < 10 && !greedy.closed; sent++) {
      send(greedy, updateOfItems([mapEntryItem(2_000_000 + sent, 0, ROOT.participants, 'greedy', record(`Greedy ${sent}`))]));
      await greedy.stored(1_000);
    }
    expect(greedy.closed?.code).toBe(CLOSE.forbiddenChange);
    expect(greedy.last('refused')?.reason).toMatch(/Yjs client ids from one tab/);
    expect(sent).toBe(5);

    // Many tabs, each with its few: the board takes in new ids only as fast as its bucket allows.
    let stopping = false;
    const refusedForRate: string[] = [];
    const crowd = Array.from({ length: 12 }, async (_, i) => {
      for (let round = 0; !stopping; round++) {
        const id = `crowd-${i}-${round}`;
        const tab = await WorkshopClient.open(relay!.wsUrl, boardId, { participant: { id, secret: participantSecretFor(id) } });
        for (let n = 0; n < 4 && !tab.closed; n++) {
          send(tab, updateOfItems([mapEntryItem(3_000_000 + i * 100_000 + round * 10 + n, 0, ROOT.participants, id, record(id))]));
          await tab.stored(1_000);
        }
        const refused = tab.last('refused')?.reason;
        if (refused) refusedForRate.push(refused);
        await tab.close();
      }
    });
    const latencies: number[] = [];
    const started = performance.now();
    for (let n = 0; performance.now() - started < 5_000; n++) {
      const at = performance.now();
      moveBeliefs(quinn.doc, [{ id: belief, x: n, y: n }], quinn.origin);
      await allConfirmed([quinn], 30_000);
      latencies.push(performance.now() - at);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    stopping = true;
    await Promise.all(crowd);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!;
    const added = clientsIn(fiona.doc) - before;
    console.log(`client-id inflation: ${added} new client ids in the board over ~6 s (bucket ${burst} + 1/s, ${relay!.wsUrls.length} relay(s)); Quinn (other board) p99 ${p99.toFixed(0)} ms`);
    expect(refusedForRate.some((reason) => /too many new browsers/.test(reason))).toBe(true);
    // The greedy tab's 4, the bucket, and its refill over the attack (1 a second), with room
    // for timing — per relay, as each relay of a cluster keeps its own bucket (docs/security.md).
    const relays = relay!.wsUrls.length;
    expect(added).toBeLessThanOrEqual(4 + relays * (burst + 12));
    expect(p99).toBeLessThan(1_000);
    await honestPeopleHold(board, reference, (doc) => partOf(rawDocContent(doc), honestIds));
    expect(quinn.closes).toEqual([]);
  }, 60_000);
});

/** How far the relay's RSS may grow under the slow-reader attack (see the figures printed). */
// Measured: 33–50 MB of growth over 20 s on a 2-core machine; the issue saw 170 MB → 2 GB
// in 25 s before the backlog cap. Five times the worst run still tells the two apart (with
// this test's mix of attackers e9f6dfe stayed within it for 20 s, failing on its cut-offs
// and latency instead).
const RSS_GROWTH_BOUND_MB = 250;

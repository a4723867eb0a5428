// Every named limit, exceeded once against the real server: the connection (or request)
// past it is told why with its close code or HTTP status, the others carry on, and the
// store keeps exactly what was accepted. Limits are lowered per test where the default
// would take long to reach; the defaults themselves come from shared/limits.ts.
import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { MAX_AWARENESS_BYTES, MAX_BELIEF_TEXT, MAX_BOARDS_PER_IP_PER_MINUTE, MAX_MESSAGE_BYTES } from '../../shared/limits.ts';
import { addBelief, beliefCount, beliefText, listBeliefs } from '../../shared/model.ts';
import { CLOSE, CLOSE_REASON } from '../../shared/protocol.ts';
import { messageAwareness, messageQueryAwareness, messageSync } from '../../server/relay/messages.ts';
import type { RelayLimits } from '../../server/limits/relayLimits.ts';
import { closeOf, openJoinedSocket, openRawSocket, type CloseInfo } from '../helpers/rawSocket.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';
import {
  boardSocketUrl,
  connectProvider,
  participantSecretFor,
  startTestRelay,
  waitFor,
  waitSynced,
  type ConnectedProvider,
  type TestRelay,
} from '../helpers/relay.ts';

const ME = 'participant-limits';
let relay: TestRelay | null = null;
let providers: ConnectedProvider[] = [];

afterEach(async () => {
  for (const connected of providers) connected.destroy();
  providers = [];
  await relay?.close();
  relay = null;
});

function connect(boardId: string): ConnectedProvider {
  const connected = connectProvider(relay!.wsUrl, boardId, { as: ME });
  providers.push(connected);
  return connected;
}

const told = (code: number): CloseInfo => ({ code, reason: CLOSE_REASON[code] });

/** Opens a participant socket, sends `messages`, and resolves with how the relay closed it. */
async function sendUntilClosed(boardId: string, messages: Uint8Array[]): Promise<CloseInfo> {
  const socket = await openRawSocket(boardSocketUrl(relay!.wsUrl, boardId));
  socket.on('error', () => {});
  const closed = closeOf(socket);
  for (const message of messages) socket.send(message);
  return closed;
}

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update, made outside the model's clamps, that adds `count` beliefs of `textLength` characters. */
function beliefsUpdate(count: number, textLength: number): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) {
    const id = addBelief(doc, { text: '', x: i, y: 0, authorId: 'mallory' }, 'mallory');
    beliefText(doc, id)!.insert(0, 'x'.repeat(textLength));
  }
  return Y.encodeStateAsUpdate(doc);
}

function awarenessMessage(state: Record<string, unknown>, clock = 0): Uint8Array {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(state);
  for (let i = 0; i < clock; i++) awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  awareness.destroy();
  return encoding.toUint8Array(encoder);
}

/** A harmless message (awareness query) padded to `bytes`; the relay ignores the padding. */
function queryMessage(bytes = 1): Uint8Array {
  const message = new Uint8Array(bytes);
  message[0] = messageQueryAwareness;
  return message;
}

/** A raw participant client proving the id 'mallory', which beliefsUpdate writes as its author. */
function malloryOn(boardId: string): Promise<WorkshopClient> {
  return WorkshopClient.open(relay!.wsUrl, boardId, { participant: { id: 'mallory', secret: participantSecretFor('mallory') } });
}

/** Starts a relay with some limits lowered, a board, and one honest participant on it. */
async function boardWithAlice(limits: Partial<RelayLimits> = {}) {
  relay = await startTestRelay({ limits });
  const boardId = await relay.createBoard();
  const alice = connect(boardId);
  await waitSynced(alice.provider);
  addBelief(alice.doc, { text: 'accepted before', x: 0, y: 0, authorId: ME }, ME);
  return { boardId, alice };
}

/** Alice still edits and a newcomer gets everything; the store kept exactly that after a restart. */
async function carriesOn(boardId: string, alice: ConnectedProvider, expectedBeliefs: number): Promise<void> {
  await waitSynced(alice.provider);
  addBelief(alice.doc, { text: 'accepted after', x: 0, y: 0, authorId: ME }, ME);
  const newcomer = connect(boardId);
  await waitFor(() => beliefCount(newcomer.doc) === expectedBeliefs, 5_000, 'the newcomer to see every accepted belief');
  await waitFor(async () => ((await fetch(`${relay!.server.url}/healthz`)).ok), 5_000, 'health');
  await relay!.restart();
  const fresh = connect(boardId);
  await waitSynced(fresh.provider);
  expect(beliefCount(fresh.doc)).toBe(expectedBeliefs);
}

describe('limits', () => {
  it('message size: a frame over MAX_MESSAGE_BYTES is cut off by ws with 1009', async () => {
    const { boardId, alice } = await boardWithAlice();
    expect((await sendUntilClosed(boardId, [new Uint8Array(MAX_MESSAGE_BYTES + 1)])).code).toBe(1009);
    await carriesOn(boardId, alice, 2);
  });

  it('messages per second: a burst past the bucket closes with tooFast', async () => {
    const { boardId, alice } = await boardWithAlice({ messageBurst: 20, messagesPerSecond: 1 });
    expect(await sendUntilClosed(boardId, Array.from({ length: 40 }, () => queryMessage()))).toEqual(told(CLOSE.tooFast));
    await carriesOn(boardId, alice, 2);
  });

  it('bytes per second: more bytes than the bucket holds closes with tooFast', async () => {
    const { boardId, alice } = await boardWithAlice({ byteBurst: 10_000, bytesPerSecond: 1_000 });
    expect(await sendUntilClosed(boardId, Array.from({ length: 8 }, () => queryMessage(2_000)))).toEqual(told(CLOSE.tooFast));
    await carriesOn(boardId, alice, 2);
  });

  it('awareness size: a presence state over MAX_AWARENESS_BYTES closes with limit', async () => {
    const { boardId, alice } = await boardWithAlice();
    const huge = awarenessMessage({ user: { name: 'x'.repeat(MAX_AWARENESS_BYTES) } });
    expect(await sendUntilClosed(boardId, [huge])).toEqual(told(CLOSE.limit));
    await carriesOn(boardId, alice, 2);
  });

  it('awareness rate: presence updates past their bucket close with tooFast', async () => {
    const { boardId, alice } = await boardWithAlice({ awarenessBurst: 5, awarenessPerSecond: 1 });
    const updates = Array.from({ length: 12 }, (_, i) => awarenessMessage({ cursor: { x: i, y: i } }, i));
    expect(await sendUntilClosed(boardId, updates)).toEqual(told(CLOSE.tooFast));
    await carriesOn(boardId, alice, 2);
  });

  it('connections per board: one past the limit is refused; another board still opens', async () => {
    const { boardId, alice } = await boardWithAlice({ maxConnectionsPerBoard: 3 });
    const others = [await openJoinedSocket(boardSocketUrl(relay!.wsUrl, boardId)), await openJoinedSocket(boardSocketUrl(relay!.wsUrl, boardId))];
    expect(await sendUntilClosed(boardId, [])).toEqual(told(CLOSE.tooManyConnections));
    const elsewhere = await relay!.createBoard();
    await waitSynced(connect(elsewhere).provider);
    for (const socket of others) socket.close();
    await carriesOn(boardId, alice, 2);
  });

  it('connections per IP: one past the limit is refused, and a place frees up when one closes', async () => {
    const { boardId } = await boardWithAlice({ maxConnectionsPerIp: 3 });
    const sockets = [await openRawSocket(boardSocketUrl(relay!.wsUrl, boardId)), await openRawSocket(boardSocketUrl(relay!.wsUrl, boardId))];
    expect(await sendUntilClosed(boardId, [])).toEqual(told(CLOSE.tooManyConnections));
    const closed = closeOf(sockets[0]);
    sockets[0].close();
    await closed;
    await waitFor(async () => {
      const socket = await openRawSocket(boardSocketUrl(relay!.wsUrl, boardId));
      const stayed = await Promise.race([closeOf(socket).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 100))]);
      socket.close();
      return stayed;
    }, 5_000, 'a place to free up');
    sockets[1].close();
  });

  it('boards per IP per minute: one past the limit answers 429 in words', async () => {
    relay = await startTestRelay();
    for (let i = 0; i < MAX_BOARDS_PER_IP_PER_MINUTE; i++) await relay.createBoard();
    const response = await fetch(`${relay.server.url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(429);
    expect((await response.json()).error).toMatch(/Too many boards .* try again in a minute/);
  });

  it('board size: an update that would take the board past its size is refused in words, nothing of it kept, the sender stays', async () => {
    const { boardId, alice } = await boardWithAlice({ maxBoardBytes: 20_000 });
    const mallory = await malloryOn(boardId);
    mallory.sendUpdate(beliefsUpdate(60, 400));
    await waitFor(() => mallory.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(mallory.last('changeRefused')?.reason).toMatch(/size limit/);
    expect(mallory.closed).toBeNull();
    await carriesOn(boardId, alice, 2);
  });

  it('beliefs per board: beliefs past the count are refused in words; the ones that fit are kept', async () => {
    const { boardId, alice } = await boardWithAlice({ maxBeliefsPerBoard: 4 });
    const mallory = await malloryOn(boardId);
    mallory.sendUpdate(beliefsUpdate(5, 1));
    await waitFor(() => mallory.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(mallory.last('changeRefused')?.reason).toMatch(/already holds 4 beliefs/);
    await waitFor(() => beliefCount(alice.doc) === 4, 5_000, 'the three that fit');
    await relay!.restart();
    const fresh = connect(boardId);
    await waitSynced(fresh.provider);
    expect(beliefCount(fresh.doc)).toBe(4);
  });

  it('belief text: a new note longer than MAX_BELIEF_TEXT is never sent by an honest browser: refused whole, sender closed', async () => {
    const { boardId, alice } = await boardWithAlice();
    const mallory = await malloryOn(boardId);
    mallory.sendUpdate(beliefsUpdate(1, MAX_BELIEF_TEXT + 1));
    await waitFor(() => mallory.closed !== null, 5_000, 'the close');
    expect(mallory.closed).toEqual(told(CLOSE.forbiddenChange));
    // Exactly at the limit is fine.
    const atLimit = await malloryOn(boardId);
    atLimit.sendUpdate(beliefsUpdate(1, MAX_BELIEF_TEXT));
    await waitFor(() => beliefCount(alice.doc) === 2, 5_000, 'the note at the limit to arrive');
    await atLimit.close();
    await carriesOn(boardId, alice, 3);
  });

  it('belief text: typing past MAX_BELIEF_TEXT into a note is refused in words, the sender stays', async () => {
    const { boardId, alice } = await boardWithAlice();
    const id = listBeliefs(alice.doc)[0].id;
    const mallory = await malloryOn(boardId);
    await waitFor(() => beliefText(mallory.doc, id) !== null, 5_000, 'the note');
    beliefText(mallory.doc, id)!.insert(0, 'y'.repeat(MAX_BELIEF_TEXT));
    await waitFor(() => mallory.last('changeRefused') !== undefined, 5_000, 'the refusal');
    expect(mallory.last('changeRefused')?.reason).toMatch(/at most 500 characters/);
    expect(mallory.closed).toBeNull();
    await carriesOn(boardId, alice, 2);
    expect(beliefText(alice.doc, id)!.toString()).toBe('accepted before');
  });

});

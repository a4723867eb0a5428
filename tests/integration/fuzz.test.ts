// Seeded fuzzing of the relay on loopback: random, truncated, mutated-valid and oversized
// frames against several boards, with valid, view-only and wrong secrets, while two
// honest people keep editing another board. Afterwards the relay is up, the two agree
// with each other and with the store, memory is back near its start, and every fuzzed
// board still loads from the store. Bounded in frames and time; prints seed and counts.
// Rerun a failure with SEED=<seed>.
import { afterAll, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/limits.ts';
import { addBelief, createBoard, listBeliefs, moveBeliefs, setBeliefText } from '../../shared/model.ts';
import { messageAwareness, messageQueryAwareness, messageSync } from '../../server/relay/messages.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { accessOf, connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const MAX_FRAMES = 30_000;
const MAX_FUZZ_MS = 8_000;
const FUZZ_BOARDS = 3;
const PARALLEL_SOCKETS = 12;
const FRAMES_PER_SOCKET = 250;

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
let relay: TestRelay | null = null;
const honest: ConnectedProvider[] = [];

afterAll(async () => {
  for (const person of honest) person.destroy();
  await relay?.close();
});

/** Well-formed messages of every kind a client sends, to cut and mutate. */
function validMessages(gen: prng.PRNG): Uint8Array[] {
  const doc = new Y.Doc();
  createBoard(doc, { title: prng.word(gen, 1, 20) });
  const id = addBelief(doc, { text: prng.word(gen, 1, 40), x: 1, y: 2, authorId: 'fuzz' }, 'fuzz');
  const update = Y.encodeStateAsUpdate(doc);
  const messages: Uint8Array[] = [];
  for (const write of [
    (e: encoding.Encoder) => syncProtocol.writeSyncStep1(e, doc),
    (e: encoding.Encoder) => syncProtocol.writeSyncStep2(e, doc),
    (e: encoding.Encoder) => syncProtocol.writeUpdate(e, update),
  ]) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    write(encoder);
    messages.push(encoding.toUint8Array(encoder));
  }
  const before = Y.encodeStateVector(doc);
  setBeliefText(doc, id, 'changed by the fuzzer', 'fuzz');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc, before));
  messages.push(encoding.toUint8Array(encoder));

  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: 'Fuzz', color: '#123456' }, cursor: { x: 1, y: 2 } });
  const aware = encoding.createEncoder();
  encoding.writeVarUint(aware, messageAwareness);
  encoding.writeVarUint8Array(aware, encodeAwarenessUpdate(awareness, [doc.clientID]));
  messages.push(encoding.toUint8Array(aware), Uint8Array.of(messageQueryAwareness));
  awareness.destroy();
  doc.destroy();
  return messages;
}

type FrameKind = 'random' | 'truncated' | 'mutated' | 'padded' | 'valid' | 'oversized';

/**
 * Mostly frames a connection survives (valid, or valid with trailing bytes the decoders
 * ignore), so each socket carries many frames; the rest usually get it closed.
 */
function nextFrame(gen: prng.PRNG, valid: Uint8Array[]): { kind: FrameKind; frame: Uint8Array } {
  const roll = prng.int32(gen, 0, 999);
  if (roll < 2) return { kind: 'oversized', frame: new Uint8Array(MAX_MESSAGE_BYTES + 1 + prng.int32(gen, 0, 1000)) };
  const base = prng.oneOf(gen, valid);
  if (roll < 30) return { kind: 'random', frame: prng.uint8Array(gen, prng.int32(gen, 0, 64)) };
  if (roll < 55) return { kind: 'truncated', frame: base.slice(0, prng.int32(gen, 0, Math.max(0, base.length - 1))) };
  if (roll < 450) {
    const frame = new Uint8Array(base.length + prng.int32(gen, 1, 32));
    frame.set(base);
    frame.set(prng.uint8Array(gen, frame.length - base.length), base.length);
    return { kind: 'padded', frame };
  }
  if (roll < 480) {
    const frame = base.slice();
    for (let flips = prng.int32(gen, 1, 4); flips > 0; flips--) frame[prng.int32(gen, 0, frame.length - 1)] = prng.uint32(gen, 0, 255);
    return { kind: 'mutated', frame };
  }
  return { kind: 'valid', frame: base };
}

function honestEdit(gen: prng.PRNG, person: ConnectedProvider, name: string): void {
  const beliefs = listBeliefs(person.doc);
  if (beliefs.length < 5 || prng.int32(gen, 0, 9) === 0) {
    addBelief(person.doc, { text: prng.word(gen, 1, 10), x: prng.int32(gen, 0, 500), y: prng.int32(gen, 0, 500), authorId: name }, name);
  } else if (prng.bool(gen)) {
    const target = prng.oneOf(gen, beliefs);
    setBeliefText(person.doc, target.id, `${target.text.slice(-80)} ${prng.word(gen, 1, 6)}`, name);
  } else {
    const target = prng.oneOf(gen, beliefs);
    moveBeliefs(person.doc, [{ id: target.id, x: target.x + 1, y: target.y }], name);
  }
}

it(`survives fuzzed frames while honest clients converge (seed ${seed})`, async () => {
  console.log('fuzz seed', seed);
  const gen = prng.create(seed);
  relay = await startTestRelay({ idleUnloadMs: 100 });
  const honestBoard = await relay.createBoard('Honest');
  const fuzzBoards = await Promise.all(Array.from({ length: FUZZ_BOARDS }, (_, i) => relay!.createBoard(`Fuzzed ${i}`)));
  for (let i = 0; i < 2; i++) honest.push(connectProvider(relay.wsUrl, honestBoard, { as: `honest-${i}` }));
  await Promise.all(honest.map(({ provider }) => waitSynced(provider)));
  const rssBefore = process.memoryUsage().rss;
  const valid = validMessages(gen);

  const counts: Record<FrameKind | 'sockets' | 'honestEdits', number> = {
    random: 0, truncated: 0, mutated: 0, padded: 0, valid: 0, oversized: 0, sockets: 0, honestEdits: 0,
  };
  const closeCodes = new Map<number, number>();
  let frames = 0;
  const started = Date.now();
  const more = () => frames < MAX_FRAMES && Date.now() - started < MAX_FUZZ_MS;

  // Two honest people keep editing their board all along.
  let fuzzing = true;
  const editing = (async () => {
    while (fuzzing) {
      const index = prng.int32(gen, 0, 1);
      honestEdit(gen, honest[index], `honest-${index}`);
      counts.honestEdits++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();

  const fuzzSocket = async (): Promise<void> => {
    const boardId = prng.oneOf(gen, fuzzBoards);
    const secrets = accessOf(boardId).secrets;
    const secret = prng.oneOf(gen, [secrets.edit, secrets.edit, secrets.edit, secrets.edit, secrets.edit, secrets.view, secrets.view, 'A'.repeat(22)]);
    const socket = new WebSocket(`${relay!.wsUrl}/${boardId}?${ACCESS_KEY_PARAM}=${secret}`);
    socket.on('error', () => {});
    counts.sockets++;
    const closed = new Promise<void>((resolve) =>
      socket.once('close', (code) => {
        closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
        resolve();
      }),
    );
    // Frames go to the board, not to a connection still being admitted: wait for the
    // relay's first message (its sync step 1 on joining) or its refusal.
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.once('close', () => resolve());
    });
    for (let sent = 0; sent < FRAMES_PER_SOCKET && socket.readyState === WebSocket.OPEN && more(); sent++) {
      const { kind, frame } = nextFrame(gen, valid);
      counts[kind]++;
      frames++;
      socket.send(frame);
      // Let the relay read the frames (and close the socket) every few sends.
      if (sent % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
    }
    if (socket.readyState === WebSocket.OPEN) socket.close();
    await closed;
  };
  await Promise.all(
    Array.from({ length: PARALLEL_SOCKETS }, async () => {
      while (more()) await fuzzSocket();
    }),
  );
  fuzzing = false;
  await editing;
  const fuzzMs = Date.now() - started;

  // The relay is up, and only the honest connections are left.
  await waitFor(async () => {
    const health = await (await fetch(`${relay!.server.url}/healthz`)).json();
    return health.ok === true && health.connections === honest.length;
  }, 10_000, 'the relay to be healthy with only the honest connections');

  // The honest two agree, and a newcomer gets the same board.
  const same = () => JSON.stringify(boardContent(honest[0].doc)) === JSON.stringify(boardContent(honest[1].doc));
  await waitFor(same, 10_000, `the honest clients to converge (seed ${seed})`);
  const newcomer = connectProvider(relay.wsUrl, honestBoard);
  honest.push(newcomer);
  await waitSynced(newcomer.provider);
  expect(boardContent(newcomer.doc)).toEqual(boardContent(honest[0].doc));

  // Fuzzed boards unload once idle; memory comes back near where it started.
  await waitFor(async () => (await (await fetch(`${relay!.server.url}/healthz`)).json()).boardsLoaded <= 1, 10_000, 'fuzzed boards to unload');
  const rssAfter = process.memoryUsage().rss;
  console.log(
    `fuzz: ${frames} frames in ${fuzzMs} ms over ${counts.sockets} sockets on ${FUZZ_BOARDS} boards`,
    JSON.stringify(counts),
    'close codes',
    JSON.stringify(Object.fromEntries(closeCodes)),
    `rss ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB`,
  );
  expect(frames).toBeGreaterThan(10_000);
  expect(rssAfter - rssBefore).toBeLessThan(200 * 2 ** 20);

  // The store holds only updates that decode: every board loads, the honest one whole.
  const expected = boardContent(honest[0].doc);
  for (const person of honest.splice(0)) person.destroy();
  const dataDir = relay.dataDir;
  await relay.server.close();
  const store = await LeveldbStore.open(dataDir);
  try {
    for (const boardId of [...fuzzBoards, honestBoard]) {
      const state = await store.loadBoard(boardId);
      expect(state).not.toBeNull();
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state!.state);
      if (boardId === honestBoard) expect(boardContent(doc)).toEqual(expected);
      doc.destroy();
    }
  } finally {
    await store.close();
  }
  relay = await startTestRelay({ dataDir });
});

// Seeded randomized convergence: several people edit one board through the model while
// dropping off and coming back, the relay restarts once, and in the end every replica and
// the store hold the same board. A failing run prints its seed: rerun with SEED=<seed>.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as prng from 'lib0/prng';
import { expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { NOTE_COLORS } from '../../shared/colors.ts';
import { addBelief, deleteBeliefs, listBeliefs, moveBeliefs, setBeliefColor, setBeliefText } from '../../shared/model.ts';
import { messageWorkshop } from '../../shared/protocol.ts';
import { readWorkshopNotice } from '../../shared/workshopMessages.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';

const CLIENTS = 5;
const STEPS = 1_000;
const MAX_BELIEFS = 25;

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);

function randomEdit(gen: prng.PRNG, client: ConnectedProvider, name: string): void {
  const { doc } = client;
  const beliefs = listBeliefs(doc);
  const target = beliefs.length > 0 ? prng.oneOf(gen, beliefs) : null;
  const roll = prng.int32(gen, 0, 99);
  if (!target || (roll < 20 && beliefs.length < MAX_BELIEFS)) {
    addBelief(doc, { text: prng.word(gen, 1, 12), x: prng.int32(gen, -500, 500), y: prng.int32(gen, -500, 500), authorId: name }, name);
  } else if (roll < 40) {
    const moves = beliefs.filter(() => prng.bool(gen)).map(({ id, x, y }) => ({ id, x: x + prng.int32(gen, -40, 40), y: y + prng.int32(gen, -40, 40) }));
    moveBeliefs(doc, moves, name);
  } else if (roll < 75) {
    // Insert a word or cut a piece somewhere, as someone typing would.
    const text = target.text;
    const at = prng.int32(gen, 0, text.length);
    const next = prng.bool(gen)
      ? `${text.slice(0, at)} ${prng.word(gen, 1, 8)}${text.slice(at)}`
      : text.slice(0, at) + text.slice(Math.min(text.length, at + prng.int32(gen, 1, 5)));
    setBeliefText(doc, target.id, next, name);
  } else if (roll < 90) {
    setBeliefColor(doc, [target.id], prng.oneOf(gen, [...NOTE_COLORS]).id, name);
  } else if (target.authorId === name) {
    // Only a belief's author (or a facilitator) may delete it: honest people try nothing else.
    deleteBeliefs(doc, [target.id], name, name);
  }
}

it(`converges after random edits, disconnects and a restart (seed ${seed})`, async () => {
  console.log('seed', seed);
  const gen = prng.create(seed);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-random-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const relay = await startTestRelay({ dataDir });
  const clients: ConnectedProvider[] = [];
  onTestFinished(async () => {
    for (const client of clients) client.destroy();
    await relay.close();
  });

  const boardId = await relay.createBoard('Randomized');
  // Honest people are never refused: a refusal leaves the sender's copy apart for good (a
  // browser reloads it; these do not), so it is the reason the replicas would not agree.
  const refusals: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const client = connectProvider(relay.wsUrl, boardId, { as: `person-${i}` });
    client.provider.messageHandlers[messageWorkshop] = (_encoder, decoder) => {
      const notice = readWorkshopNotice(decoder);
      if (notice.kind === 'refused' || notice.kind === 'changeRefused') refusals.push(`person-${i}: ${notice.reason}`);
    };
    clients.push(client);
  }
  await Promise.all(clients.map(({ provider }) => waitSynced(provider)));

  const restartAt = prng.int32(gen, STEPS / 4, (3 * STEPS) / 4);
  for (let step = 0; step < STEPS; step++) {
    if (step === restartAt) await relay.restart();
    const index = prng.int32(gen, 0, CLIENTS - 1);
    const client = clients[index];
    const roll = prng.int32(gen, 0, 99);
    if (roll < 4 && client.provider.shouldConnect) client.provider.disconnect();
    else if (roll < 12 && !client.provider.shouldConnect) client.provider.connect();
    else randomEdit(gen, client, `person-${index}`);
    // Let messages cross now and then, so edits interleave with deliveries.
    if (prng.int32(gen, 0, 3) === 0) await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 0, 4)));
  }

  for (const { provider } of clients) if (!provider.shouldConnect) provider.connect();
  await Promise.all(clients.map(({ provider }) => waitSynced(provider, 10_000)));
  expect(refusals, `the relay refused honest changes (seed ${seed})`).toEqual([]);
  const sameEverywhere = () => {
    const first = JSON.stringify(boardContent(clients[0].doc));
    return clients.every(({ doc }) => JSON.stringify(boardContent(doc)) === first);
  };
  await waitFor(sameEverywhere, 10_000, `every replica to agree (seed ${seed})`);
  const expected = boardContent(clients[0].doc);
  const stateVector = Y.encodeStateVector(clients[0].doc);
  for (const { doc } of clients) {
    expect(boardContent(doc)).toEqual(expected);
    expect(Y.encodeStateVector(doc)).toEqual(stateVector);
  }

  // What the store holds once the relay has shut down is that same board.
  for (const client of clients.splice(0)) client.destroy();
  await relay.server.close();
  const stored = new Y.Doc();
  Y.applyUpdate(stored, (await relay.storedBoard(boardId))!);
  expect(boardContent(stored)).toEqual(expected);
  stored.destroy();
});

// Twenty people record their first position on the same belief at the same moment, through
// the real relay and store: none may overwrite another, and every replica — and the board
// reloaded from the store — must compute the same statistics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addBelief, positionsOf, readBelief, setPosition } from '../../shared/model.ts';
import { SCALE } from '../../shared/schema.ts';
import { computeBeliefStats } from '../../shared/stats.ts';
import { connectProvider, startTestRelay, waitFor, waitSynced, type ConnectedProvider, type TestRelay } from '../helpers/relay.ts';

const PEOPLE = 20;
let relay: TestRelay;
let people: ConnectedProvider[] = [];

beforeAll(async () => {
  relay = await startTestRelay();
});

afterAll(async () => {
  for (const person of people) person.destroy();
  await relay.close();
});

it(`keeps all ${PEOPLE} first positions recorded on one belief at the same moment`, async () => {
  const boardId = await relay.createBoard('Positions at once');
  people = Array.from({ length: PEOPLE }, (_, i) => connectProvider(relay.wsUrl, boardId, { as: `p${i}` }));
  await Promise.all(people.map((person) => waitSynced(person.provider)));
  const beliefId = addBelief(people[0].doc, { text: 'Estimates make us faster.', x: 0, y: 0, authorId: 'p0' }, 'p0');
  await waitFor(() => people.every((person) => readBelief(person.doc, beliefId) !== null), 5_000, 'the belief on every replica');

  // Everyone answers in the same turn of the event loop, before any answer has travelled.
  const answerOf = (i: number) => SCALE[i % SCALE.length];
  people.forEach((person, i) => setPosition(person.doc, beliefId, `p${i}`, { agreement: answerOf(i), direction: null }, `p${i}`));

  await waitFor(() => people.every((person) => positionsOf(person.doc, beliefId).size === PEOPLE), 10_000, `${PEOPLE} positions on every replica`);
  const expected = computeBeliefStats(Array.from({ length: PEOPLE }, (_, i) => ({ agreement: answerOf(i), direction: null, updatedAt: 0 })));
  for (const person of people) {
    const positions = positionsOf(person.doc, beliefId);
    for (let i = 0; i < PEOPLE; i++) expect(positions.get(`p${i}`)?.agreement).toBe(answerOf(i));
    const stats = computeBeliefStats(positions.values());
    expect({ ...stats }).toEqual({ ...expected });
  }
  // Four at each of the five points: spread evenly, so diverged, but not camps — the two
  // sides sit no further apart than an even spread does (docs/statistics.md).
  expect(expected).toMatchObject({ n: PEOPLE, badge: 'diverged', polarized: false });

  // And the store holds all of them: a fresh replica after a restart computes the same.
  for (const person of people) person.destroy();
  people = [];
  await relay.restart();
  const late = connectProvider(relay.wsUrl, boardId);
  people.push(late);
  await waitSynced(late.provider);
  expect(positionsOf(late.doc, beliefId).size).toBe(PEOPLE);
  expect({ ...computeBeliefStats(positionsOf(late.doc, beliefId).values()) }).toEqual({ ...expected });
});

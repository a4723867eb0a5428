// Several relays, one board (docs/deploy.md): three relays as child processes over a
// PostgreSQL and a Redis the test starts itself, nginx in front from deploy/nginx.conf.
// Stock y-websocket providers connect to relays directly and through nginx; what any of
// them writes reaches all; a relay killed mid-writes loses nothing anyone saw confirmed;
// Redis killed and restarted, PostgreSQL stopped and started, the boards carry on whole.
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, readParticipants, setPosition, upsertParticipant } from '../../shared/model.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { connectProvider, waitFor, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';

let cluster: TestCluster;
const providers: ConnectedProvider[] = [];

function connect(wsUrl: string, boardId: string, as: string): ConnectedProvider {
  const connected = connectProvider(wsUrl, boardId, { as, maxBackoffTime: 200 });
  providers.push(connected);
  return connected;
}

/** The board as JSON with every object's keys sorted: maps list keys in the order each replica learnt them. */
function canonical(doc: ConnectedProvider['doc']): string {
  return JSON.stringify(boardContent(doc), (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
  );
}

function same(docs: ConnectedProvider[]): boolean {
  const first = canonical(docs[0].doc);
  return docs.every(({ doc }) => canonical(doc) === first);
}

beforeAll(async () => {
  cluster = await startCluster({ relays: 3, nginx: true });
}, 60_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await cluster?.stop();
});

describe('a cluster of three relays', () => {
  it('converges edits and positions made on every relay, directly and through nginx', async () => {
    const boardId = await cluster.createBoard('Everywhere');
    const people = [
      connect(cluster.wsUrl(0), boardId, 'ana'),
      connect(cluster.wsUrl(1), boardId, 'ben'),
      connect(cluster.wsUrl(2), boardId, 'cy'),
      connect(cluster.wsUrl(), boardId, 'dee'),
      connect(cluster.wsUrl(), boardId, 'eve'),
    ];
    await Promise.all(people.map(({ provider }) => waitSynced(provider, 10_000)));
    const names = ['ana', 'ben', 'cy', 'dee', 'eve'];
    const ids = people.map(({ doc }, i) => {
      upsertParticipant(doc, { id: names[i], name: names[i].toUpperCase(), color: '#e03131' }, 'test');
      return addBelief(doc, { text: `${names[i]}'s belief`, x: i * 10, y: 0, authorId: names[i] }, 'test');
    });
    await waitFor(() => people.every(({ doc }) => listBeliefs(doc).length === 5), 10_000, 'every belief on every replica');
    // Everyone answers everyone's belief.
    people.forEach(({ doc }, i) => ids.forEach((id) => setPosition(doc, id, names[i], { agreement: ((i % 5) - 2) as -2, direction: null }, 'test')));
    await waitFor(() => same(people) && people.every(({ doc }) => readParticipants(doc).size === 5), 10_000, 'every replica to agree');
    const content = boardContent(people[0].doc);
    expect(Object.keys(content.positions)).toHaveLength(25);
    // A newcomer on any relay loads the same board from PostgreSQL.
    const late = connect(cluster.wsUrl(2), boardId, 'late');
    await waitSynced(late.provider, 10_000);
    expect(boardContent(late.doc)).toEqual(content);
  });

  it('confirms a change only once it is in PostgreSQL, on whichever relay', async () => {
    const boardId = await cluster.createBoard('Saved');
    const alice = connect(cluster.wsUrl(1), boardId, 'alice');
    const origin = { alice: true };
    const tracker = new SaveTracker(alice.provider, alice.doc, (o) => o === origin);
    await waitSynced(alice.provider, 10_000);
    addBelief(alice.doc, { text: 'kept', x: 0, y: 0, authorId: 'alice' }, origin);
    await waitFor(() => tracker.unconfirmed === 0, 10_000, 'the confirmation');
    tracker.destroy();
    // Straight from the record, with no relay in between.
    const reader = connect(cluster.wsUrl(0), boardId, 'reader');
    await waitSynced(reader.provider, 10_000);
    expect(listBeliefs(reader.doc).map((belief) => belief.text)).toEqual(['kept']);
  });

  it('loses nothing confirmed when a relay is killed mid-writes; its people reconnect through nginx', async () => {
    const seed = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log('cluster kill seed', seed);
    const gen = prng.create(seed);
    const boardId = await cluster.createBoard('Killed');
    const writers = ['w0', 'w1', 'w2', 'w3'].map((name) => {
      const connected = connect(cluster.wsUrl(), boardId, name);
      const origin = { name };
      const tracker = new SaveTracker(connected.provider, connected.doc, (o) => o === origin);
      return { name, connected, origin, tracker, ops: [] as string[] };
    });
    await Promise.all(writers.map(({ connected }) => waitSynced(connected.provider, 10_000)));
    let running = true;
    const streams = writers.map(async (writer) => {
      while (running) {
        writer.ops.push(addBelief(writer.connected.doc, { text: `${writer.name} ${writer.ops.length}`, x: 0, y: 0, authorId: writer.name }, writer.origin));
        await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 5, 30)));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 1_200)));
    const victim = prng.int32(gen, 0, 2);
    await cluster.relays[victim].stop('SIGKILL');
    const confirmedAtKill = writers.map(({ tracker }) => tracker.confirmedCount);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    running = false;
    await Promise.all(streams);
    await waitFor(() => writers.every(({ tracker, ops }) => tracker.unconfirmed === 0 && tracker.confirmedCount === ops.length), 20_000, `every write confirmed after the kill (seed ${seed})`);
    await cluster.restartRelay(victim);
    // Everything anyone saw confirmed is in the record: a fresh reader has every note.
    const reader = connect(cluster.wsUrl(victim), boardId, 'reader');
    await waitSynced(reader.provider, 10_000);
    const texts = new Set(listBeliefs(reader.doc).map((belief) => belief.text));
    for (const [i, writer] of writers.entries()) {
      for (let op = 0; op < confirmedAtKill[i]; op++) expect(texts.has(`${writer.name} ${op}`), `${writer.name} ${op} (seed ${seed})`).toBe(true);
    }
    expect(texts.size).toBe(writers.reduce((sum, { ops }) => sum + ops.length, 0));
    await waitFor(() => same([reader, ...writers.map(({ connected }) => connected)]), 10_000, `every replica to agree (seed ${seed})`);
    for (const { tracker } of writers) tracker.destroy();
  });

  it('resumes fan-out when Redis is killed and restarted; every board converges within 5 s', async () => {
    const boardId = await cluster.createBoard('Redis down');
    const [a, b] = [connect(cluster.wsUrl(0), boardId, 'ra'), connect(cluster.wsUrl(1), boardId, 'rb')];
    await Promise.all([a, b].map(({ provider }) => waitSynced(provider, 10_000)));
    await cluster.redis.kill();
    // Written while the bus is down: stored, not passed on.
    addBelief(a.doc, { text: 'while Redis was down', x: 0, y: 0, authorId: 'ra' }, 'test');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.redis.start();
    const restarted = Date.now();
    addBelief(b.doc, { text: 'after Redis came back', x: 0, y: 0, authorId: 'rb' }, 'test');
    await waitFor(() => same([a, b]) && listBeliefs(a.doc).length === 2, 5_000, 'both replicas to agree');
    console.log(`converged ${Date.now() - restarted} ms after Redis restarted`);
  });
});

// Several relays, one board (docs/deploy.md): three relays as child processes over a
// PostgreSQL and a Redis the test starts itself, nginx in front from deploy/nginx.conf.
// Stock y-websocket providers connect to relays directly and through nginx; what any of
// them writes reaches all; a relay killed mid-writes loses nothing anyone saw confirmed;
// Redis killed and restarted, PostgreSQL stopped and started, the boards carry on whole.
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBelief, listBeliefs, listPositions, readParticipants, setPosition, upsertParticipant } from '../../shared/model.ts';
import { bearer } from '../../shared/access.ts';
import { PARTICIPANT_COLORS } from '../../shared/colors.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { readRoundHistory, readWorkshop } from '../../shared/workshop.ts';
import { closeOf, openRawSocket } from '../helpers/rawSocket.ts';
import { WorkshopClient } from '../helpers/workshopClient.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { PgStore } from '../../server/store/pgStore.ts';
import { accessOf, boardSocketUrl, connectProvider, participantSecretFor, waitFor, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';

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

  it('confirms nothing and creates no board while PostgreSQL is down, and loses nothing when it returns', async () => {
    const boardId = await cluster.createBoard('Database down');
    const alice = connect(cluster.wsUrl(0), boardId, 'pa');
    const bob = connect(cluster.wsUrl(1), boardId, 'pb');
    const origin = { pa: true };
    const tracker = new SaveTracker(alice.provider, alice.doc, (o) => o === origin);
    await Promise.all([alice, bob].map(({ provider }) => waitSynced(provider, 10_000)));
    await waitFor(() => tracker.unconfirmed === 0, 10_000, 'a quiet start');

    await cluster.postgres.stop();
    addBelief(alice.doc, { text: 'written while the database was down', x: 0, y: 0, authorId: 'pa' }, origin);
    // Never "All changes saved" while nothing can be stored.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(tracker.unconfirmed).toBe(1);
    const refused = await fetch(`${cluster.relays[2].url}/api/boards`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(/cannot reach where boards are kept/);

    await cluster.postgres.start();
    await waitFor(() => tracker.unconfirmed === 0, 15_000, 'the change to be confirmed once the database is back');
    await waitFor(() => listBeliefs(bob.doc).some((belief) => belief.text === 'written while the database was down'), 10_000, 'the change to reach the other relay');
    tracker.destroy();
    const reader = connect(cluster.wsUrl(2), boardId, 'preader');
    await waitSynced(reader.provider, 10_000);
    expect(listBeliefs(reader.doc).map((belief) => belief.text)).toEqual(['written while the database was down']);
  });

  it('survives PostgreSQL stopping while a decision holds its connection (found here: a relay died of it)', async () => {
    // In this process, as a relay holds it: a board's decision keeps its lock connection
    // checked out across awaits. node-postgres emits the dropped connection as an 'error'
    // on that client; unheard, it ends the process (here: fails the run as unhandled).
    const lines: string[] = [];
    const store = await PgStore.open(cluster.databaseUrl, (line) => lines.push(line));
    try {
      let decided!: () => void;
      const decision = store.withBoardLock('held-while-stopping', () => new Promise<void>((resolve) => (decided = resolve)));
      await waitFor(() => decided !== undefined, 5_000, 'the decision to hold its lock');
      await cluster.postgres.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      decided();
      await expect(decision).rejects.toThrow();
      expect(lines.some((line) => /PostgreSQL connection lost/.test(line))).toBe(true);
    } finally {
      await cluster.postgres.start();
      await store.close().catch(() => undefined);
    }
    // The store still works once the database is back.
    const again = await PgStore.open(cluster.databaseUrl);
    try {
      await expect(again.withBoardLock('held-while-stopping', async () => 'decided')).resolves.toBe('decided');
    } finally {
      await again.close();
    }
  });

  it('closes old links on every relay when the facilitator rotates them', async () => {
    const boardId = await cluster.createBoard('Rotated');
    const closes: number[] = [];
    const people = [0, 1, 2].map((i) => {
      const connected = connect(cluster.wsUrl(i), boardId, `rot${i}`);
      connected.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code));
      return connected;
    });
    await Promise.all(people.map(({ provider }) => waitSynced(provider, 10_000)));
    const rotated = await fetch(`${cluster.relays[1].url}/api/boards/${boardId}/rotate`, {
      method: 'POST',
      headers: { Authorization: bearer(accessOf(boardId).secrets.facilitate), 'Content-Type': 'application/json' },
    });
    expect(rotated.status).toBe(200);
    await waitFor(() => closes.filter((code) => code === CLOSE.badSecret).length >= 3, 10_000, 'every relay to close the old link');
    for (const { provider } of people) provider.disconnect();
  });

  it('drops a killed relay’s people from everyone’s presence within 10 s', async () => {
    const boardId = await cluster.createBoard('Presence');
    const watcher = connect(cluster.wsUrl(0), boardId, 'watcher');
    const leaver = connect(cluster.wsUrl(2), boardId, 'leaver');
    await Promise.all([watcher, leaver].map(({ provider }) => waitSynced(provider, 10_000)));
    leaver.provider.awareness.setLocalState({ user: { id: 'leaver', name: 'Leaver', color: '#e03131' }, cursor: null, selection: [] });
    const seesLeaver = () => Array.from(watcher.provider.awareness.getStates().values()).some((state) => (state as { user?: { name?: string } }).user?.name === 'Leaver');
    await waitFor(seesLeaver, 10_000, 'the watcher to see the other relay’s person');
    leaver.provider.disconnect();
    // The relay dies with the person's presence still on the others.
    leaver.provider.shouldConnect = false;
    const killedAt = Date.now();
    await cluster.relays[2].stop('SIGKILL');
    try {
      await waitFor(() => !seesLeaver(), 10_000, 'the dead relay’s person to go');
      console.log(`presence of a killed relay's person gone after ${Date.now() - killedAt} ms`);
    } finally {
      await cluster.restartRelay(2);
    }
  });
});

describe('sealed rounds across relays', () => {
  it('auto-reveals once when everyone on any relay has answered, with a relay killed during the round', async () => {
    const boardId = await cluster.createBoard('Round everywhere');
    const fiona = { id: 'fiona', secret: participantSecretFor('fiona') };
    const facilitator = await WorkshopClient.open(cluster.wsUrl(0), boardId, { role: 'facilitate', participant: fiona });
    const belief = addBelief(facilitator.doc, { text: 'We ship weekly', x: 0, y: 0, authorId: 'fiona' }, 'local');
    const people = await Promise.all(
      ['r0', 'r1', 'r2'].map((id, i) => WorkshopClient.open(cluster.wsUrl(i % 3), boardId, { participant: { id, secret: participantSecretFor(id) } })),
    );
    await waitFor(() => people.every((person) => listBeliefs(person.doc).length === 1), 10_000, 'the belief everywhere');
    facilitator.send({ kind: 'startRound', beliefIds: null, deadline: null, autoReveal: true });
    const roundOf = (client: WorkshopClient) => readWorkshop(client.doc).round;
    await waitFor(() => people.every((person) => roundOf(person)?.status === 'open'), 10_000, 'the round open everywhere');
    people[0].send({ kind: 'seal', beliefId: belief, agreement: 2, direction: null });
    await waitFor(() => (roundOf(people[2])?.answered[belief] ?? []).length === 1, 10_000, 'the first answer counted on another relay');
    // Relay 1 dies during the round; its participant comes back on relay 2.
    await cluster.relays[1].stop('SIGKILL');
    try {
      await people[1].close();
      // Not revealed yet: the one on the dead relay is still counted until the relay is known to be gone,
      // then r2 alone has not answered.
      expect(roundOf(facilitator)?.status).toBe('open');
      const back = await WorkshopClient.open(cluster.wsUrl(2), boardId, { participant: { id: 'r1', secret: participantSecretFor('r1') } });
      back.send({ kind: 'seal', beliefId: belief, agreement: -1, direction: null });
      people[2].send({ kind: 'seal', beliefId: belief, agreement: 1, direction: null });
      await waitFor(() => roundOf(facilitator)?.status === 'revealed', 15_000, 'the automatic reveal');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Revealed once: one record of round 1, with exactly the three answers.
      const history = readRoundHistory(facilitator.doc);
      expect(history.map((round) => [round.number, round.positions.length])).toEqual([[1, 3]]);
      expect(listPositions(facilitator.doc).map((position) => position.agreement).sort()).toEqual([-1, 1, 2]);
      for (const client of [facilitator, back, people[0], people[2]]) await client.close();
    } finally {
      await cluster.restartRelay(1);
    }
  });

  it('reveals at its deadline once, with nobody connected and the relay that opened it gone', async () => {
    const boardId = await cluster.createBoard('Deadline everywhere');
    const fiona = { id: 'fiona', secret: participantSecretFor('fiona') };
    const facilitator = await WorkshopClient.open(cluster.wsUrl(1), boardId, { role: 'facilitate', participant: fiona });
    const belief = addBelief(facilitator.doc, { text: 'Docs are current', x: 0, y: 0, authorId: 'fiona' }, 'local');
    const answerer = await WorkshopClient.open(cluster.wsUrl(2), boardId, { participant: { id: 'd1', secret: participantSecretFor('d1') } });
    await waitFor(() => listBeliefs(answerer.doc).length === 1, 10_000, 'the belief on the other relay');
    facilitator.send({ kind: 'startRound', beliefIds: null, deadline: Date.now() + 3_000, autoReveal: false });
    await waitFor(() => readWorkshop(answerer.doc).round?.status === 'open', 10_000, 'the round open');
    answerer.send({ kind: 'seal', beliefId: belief, agreement: 2, direction: 1 });
    await waitFor(() => (readWorkshop(facilitator.doc).round?.answered[belief] ?? []).length === 1, 10_000, 'the answer counted');
    await facilitator.close();
    await answerer.close();
    // The relay that opened the round is gone before the deadline; the others reveal it.
    await cluster.relays[1].stop('SIGKILL');
    try {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const reader = connect(cluster.wsUrl(0), boardId, 'dreader');
      await waitSynced(reader.provider, 10_000);
      await waitFor(() => readWorkshop(reader.doc).round?.status === 'revealed', 10_000, 'the reveal at the deadline');
      expect(readRoundHistory(reader.doc).map((round) => [round.number, round.positions.length])).toEqual([[1, 1]]);
      expect(listPositions(reader.doc)).toMatchObject([{ participantId: 'd1', agreement: 2, direction: 1 }]);
    } finally {
      await cluster.restartRelay(1);
    }
  });
});

describe('who is who across relays', () => {
  it('keeps a participant id bound on one relay from being taken on another that loaded the board first', async () => {
    const boardId = await cluster.createBoard('One Alice');
    // Relay 0 loads the board (and its list of who joined) before Alice ever comes.
    const early = connect(cluster.wsUrl(0), boardId, 'early');
    await waitSynced(early.provider, 10_000);
    const alice = await WorkshopClient.open(cluster.wsUrl(1), boardId, { participant: { id: 'alice', secret: participantSecretFor('alice') } });
    upsertParticipant(alice.doc, { id: 'alice', name: 'Alice', color: PARTICIPANT_COLORS[0] }, 'alice');
    expect(await alice.stored()).not.toBeNull();
    // Someone with the shared link and Alice's id (it is in the document) but not her secret, on relay 0.
    const mallory = await WorkshopClient.open(cluster.wsUrl(0), boardId, { participant: { id: 'alice', secret: participantSecretFor('mallory') } });
    expect(mallory.last('refused')?.reason).toMatch(/Another browser already answers under your participant id/);
    upsertParticipant(mallory.doc, { id: 'alice', name: 'Alice agrees with Mallory', color: PARTICIPANT_COLORS[0] }, 'm');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...readParticipants(early.doc).values()].map((record) => record.name)).toEqual(['Alice']);
    await Promise.all([alice.close(), mallory.close()]);
  });

  it('lets exactly one of two browsers claiming one id at once on two relays speak for it', async () => {
    const boardId = await cluster.createBoard('Same id, same moment');
    const warm = [connect(cluster.wsUrl(0), boardId, 'warm0'), connect(cluster.wsUrl(1), boardId, 'warm1')];
    await Promise.all(warm.map(({ provider }) => waitSynced(provider, 10_000)));
    const [first, second] = await Promise.all([
      WorkshopClient.open(cluster.wsUrl(0), boardId, { participant: { id: 'sam', secret: participantSecretFor('sam-a') } }),
      WorkshopClient.open(cluster.wsUrl(1), boardId, { participant: { id: 'sam', secret: participantSecretFor('sam-b') } }),
    ]);
    // Each writes as sam; whichever the record bound second is refused or closed.
    upsertParticipant(first.doc, { id: 'sam', name: 'Sam A', color: PARTICIPANT_COLORS[0] }, 'a');
    upsertParticipant(second.doc, { id: 'sam', name: 'Sam B', color: PARTICIPANT_COLORS[0] }, 'b');
    await Promise.all([first.stored(), second.stored()]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const names = warm.map(({ doc }) => readParticipants(doc).get('sam')?.name);
    expect(names[0]).toBe(names[1]);
    const speaking = [first, second].filter((client) => !client.closed && !client.last('refused'));
    expect(speaking.length, 'browsers still speaking for sam').toBeLessThanOrEqual(1);
    // Whichever kept the id goes on writing as sam; the other, reconnecting, only looks.
    if (speaking.length === 1) {
      upsertParticipant(speaking[0].doc, { id: 'sam', name: 'Sam kept', color: PARTICIPANT_COLORS[0] }, 'kept');
      expect(await speaking[0].stored()).not.toBeNull();
      await waitFor(() => warm.every(({ doc }) => readParticipants(doc).get('sam')?.name === 'Sam kept'), 5_000, 'the kept Sam to be heard everywhere');
    }
    const loser = speaking[0] === first ? second : first;
    const again = await WorkshopClient.open(cluster.wsUrl(loser === first ? 0 : 1), boardId, { participant: { id: 'sam', secret: participantSecretFor(loser === first ? 'sam-a' : 'sam-b') } });
    expect(again.last('refused')?.reason).toMatch(/Another browser already answers under your participant id/);
    await again.close();
    await Promise.all([first.close(), second.close()]);
  });
});

describe('limits across relays', () => {
  it('holds the per-board connection limit across relays', async () => {
    const limited = await startCluster({ relays: 2, env: { MAX_CONNECTIONS_PER_BOARD: '4' } });
    try {
      const boardId = await limited.createBoard('Four at most');
      const open = [0, 1, 0, 1].map((i, n) => connectProvider(limited.wsUrl(i), boardId, { as: `lim${n}` }));
      providers.push(...open);
      await Promise.all(open.map(({ provider }) => waitSynced(provider, 10_000)));
      for (const i of [0, 1]) {
        const socket = await openRawSocket(boardSocketUrl(limited.wsUrl(i), boardId));
        const closed = await Promise.race([closeOf(socket), new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
        socket.close();
        expect(closed?.code, `a fifth connection, on relay ${i}`).toBe(CLOSE.tooManyConnections);
      }
      open[0].provider.disconnect();
      await waitFor(async () => {
        const socket = await openRawSocket(boardSocketUrl(limited.wsUrl(1), boardId));
        const stayed = await Promise.race([closeOf(socket).then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 300))]);
        socket.close();
        return stayed;
      }, 10_000, 'a place to free up on the other relay');
    } finally {
      await limited.stop();
    }
  });
});

// Crash: the relay is a child process that gets SIGKILLed at seeded random moments while
// clients stream edits (adds and deletions). After each kill the store is opened as the
// relay would open it, and every change any client had seen confirmed must be in it; the
// relay restarts on the same port and directory, the clients reconnect by themselves,
// and at the end every replica holds every change. Rerun a seed with SEED=<n>.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as prng from 'lib0/prng';
import { expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { addBelief, deleteBeliefs, listBeliefs } from '../../shared/model.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { boardContent } from '../helpers/boardContent.ts';
import { createBoardAt, spawnRelay, type RelayProcess } from '../helpers/childRelay.ts';
import { connectProvider, waitFor, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';

const CLIENTS = 4;
const KILLS = 3;
/** Between two edits of one client: a fast typist, within the relay's message rate limit. */
const EDIT_GAP_MS = [10, 40] as const;
const RUN_BEFORE_KILL_MS = [300, 1_500] as const;

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);

type Op = { kind: 'add'; id: string } | { kind: 'delete'; id: string };

/** One person streaming edits through a real provider with our save tracking. */
class StreamingClient {
  readonly connected: ConnectedProvider;
  readonly tracker: SaveTracker;
  /** My changes in order; op k is my k-th transaction, as the tracker counts them. */
  readonly ops: Op[] = [];
  private readonly origin: object;
  private readonly alive: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    wsUrl: string,
    boardId: string,
    secret: string,
    private readonly gen: prng.PRNG,
  ) {
    this.origin = { name };
    this.connected = connectProvider(wsUrl, boardId, { secret, as: name, asBrowser: { random: () => prng.real53(gen) } });
    this.tracker = new SaveTracker(this.connected.provider, this.connected.doc, (origin) => origin === this.origin);
  }

  start(): void {
    const step = () => {
      this.edit();
      this.timer = setTimeout(step, prng.int32(this.gen, EDIT_GAP_MS[0], EDIT_GAP_MS[1]));
    };
    step();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  destroy(): void {
    this.stop();
    this.tracker.destroy();
    this.connected.destroy();
  }

  private edit(): void {
    const { doc } = this.connected;
    if (this.alive.length > 3 && prng.int32(this.gen, 0, 4) === 0) {
      const [id] = this.alive.splice(prng.int32(this.gen, 0, this.alive.length - 1), 1);
      deleteBeliefs(doc, [id], this.name, this.origin);
      this.ops.push({ kind: 'delete', id });
    } else {
      const id = addBelief(doc, { text: `${this.name} #${this.ops.length}`, x: this.ops.length, y: 0, authorId: this.name }, this.origin);
      this.alive.push(id);
      this.ops.push({ kind: 'add', id });
    }
  }
}

/** My first `count` changes that `doc` must show: confirmed adds still there, confirmed deletions gone. */
function missingChanges(doc: Y.Doc, client: StreamingClient, count: number): string[] {
  const present = new Set(listBeliefs(doc).map((belief) => belief.id));
  const deletedEver = new Set(client.ops.filter((op) => op.kind === 'delete').map((op) => op.id));
  return client.ops.slice(0, count).flatMap((op, index) => {
    if (op.kind === 'add' && !deletedEver.has(op.id) && !present.has(op.id)) return [`${client.name} op ${index}: add missing`];
    if (op.kind === 'delete' && present.has(op.id)) return [`${client.name} op ${index}: deletion undone`];
    return [];
  });
}

async function storedDoc(dataDir: string, boardId: string): Promise<Y.Doc> {
  const store = await LeveldbStore.open(dataDir);
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.loadBoard(boardId))!.state);
    return doc;
  } finally {
    await store.close();
  }
}

it(`loses no confirmed change when the relay is killed ${KILLS} times (seed ${seed})`, async () => {
  console.log('crash seed', seed);
  const gen = prng.create(seed);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-crash-'));
  let relay: RelayProcess = await spawnRelay(dataDir);
  const clients: StreamingClient[] = [];
  onTestFinished(async () => {
    for (const client of clients) client.destroy();
    await relay.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  const { id: boardId, editSecret } = await createBoardAt(relay.url, 'Crash test');
  for (let i = 0; i < CLIENTS; i++) clients.push(new StreamingClient(`c${i}`, relay.wsUrl, boardId, editSecret, gen));
  await Promise.all(clients.map(({ connected }) => waitSynced(connected.provider)));
  for (const client of clients) client.start();

  const killOnce = async (label: string) => {
    await relay.stop('SIGKILL');
    // Confirmations already on the wire were sent by the relay before it died: they count.
    await waitFor(() => clients.every(({ connected }) => !connected.provider.wsconnected), 5_000, 'every client to notice the crash');
    const confirmed = clients.map((client) => client.tracker.confirmedCount);
    const doc = await storedDoc(dataDir, boardId);
    const missing = clients.flatMap((client, i) => missingChanges(doc, client, confirmed[i]));
    const sent = clients.reduce((sum, client) => sum + client.ops.length, 0);
    const confirmedTotal = confirmed.reduce((sum, n) => sum + n, 0);
    console.log(`${label}: sent ${sent}, confirmed ${confirmedTotal}, beliefs in the store ${listBeliefs(doc).length}, confirmed but missing ${missing.length}`);
    doc.destroy();
    expect(missing).toEqual([]);
    relay = await spawnRelay(dataDir, relay.port);
    // Back to streaming through the relay before the next kill, so each kill cuts live traffic.
    await Promise.all(clients.map(({ connected }) => waitSynced(connected.provider, 15_000)));
  };

  for (let kill = 1; kill <= KILLS; kill++) {
    await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, RUN_BEFORE_KILL_MS[0], RUN_BEFORE_KILL_MS[1])));
    await killOnce(`kill ${kill}`);
  }

  // Everyone stops typing; once every change is confirmed, a last kill must lose nothing at all.
  for (const client of clients) client.stop();
  await waitFor(
    () => clients.every(({ tracker, ops }) => tracker.unconfirmed === 0 && tracker.confirmedCount === ops.length),
    20_000,
    'every client to see all its changes confirmed',
  );
  await killOnce('final kill');
  const sent = clients.reduce((sum, client) => sum + client.ops.length, 0);

  // Reconnected clients and a newcomer all hold the same board, with every change.
  const newcomer = connectProvider(relay.wsUrl, boardId, { secret: editSecret });
  onTestFinished(() => newcomer.destroy());
  await waitSynced(newcomer.provider);
  const expected = boardContent(newcomer.doc);
  await waitFor(
    () => clients.every(({ connected }) => JSON.stringify(boardContent(connected.doc)) === JSON.stringify(expected)),
    10_000,
    'every replica to equal the store',
  );
  const recovered = clients.reduce((sum, client) => sum + client.ops.length - missingChanges(newcomer.doc, client, client.ops.length).length, 0);
  console.log(`after ${KILLS + 1} kills: sent ${sent}, confirmed ${sent}, recovered ${recovered} on every replica`);
  expect(recovered).toBe(sent);

  // A graceful stop tells the clients to come back later, and exits cleanly.
  const closeCodes: number[] = [];
  newcomer.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  const ended = await relay.stop('SIGTERM');
  expect(ended).toEqual({ code: 0, signal: null });
  expect(relay.output()).toMatch(/SIGTERM: saving boards and shutting down/);
  expect(closeCodes).toContain(CLOSE.shuttingDown);
  const doc = await storedDoc(dataDir, boardId);
  expect(boardContent(doc)).toEqual(expected);
  doc.destroy();
}, 90_000);

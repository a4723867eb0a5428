// A real relay for tests: the whole server on port 0 over a real store in a temp dir,
// and real y-websocket providers (Node's `ws`, no BroadcastChannel, so same-process
// providers can only sync through the relay).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { BoardProvider, PresenceAwareness } from '../../client/state/boardProvider.ts';
import { SaveTracker } from '../../client/state/saveTracker.ts';
import { inflatingWebSocket } from '../../client/state/inflatingSocket.ts';
import { startServer, type RunningServer } from '../../server/app.ts';
import { LeveldbStore } from '../../server/store/leveldbStore.ts';
import { PgStore } from '../../server/store/pgStore.ts';
import { RedisBus } from '../../server/cluster/redisBus.ts';
import type { BoardStore } from '../../server/store/boardStore.ts';
import { createDatabaseOn } from './services.ts';
import { ACCESS_KEY_PARAM, secretFromFragment, type Role } from '../../shared/access.ts';
import { createHash } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import { COMPRESSION_PARAM, messageStored, messageWorkshop, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM, WS_PATH, type CreateBoardResponse } from '../../shared/protocol.ts';
import type { RelayLimits } from '../../server/limits/relayLimits.ts';

export interface TestRelayOptions {
  /** Reuse a data dir (kept on close); by default a temp dir is made and removed. */
  dataDir?: string;
  /** The built client to serve; defaults to the server's default (<repo>/dist). */
  staticDir?: string | null;
  idleUnloadMs?: number;
  /** Boards at least this big keep a copy for opening pages (shared/limits.ts, BOARD_COPY_FROM_BYTES); tests lower it. */
  boardCopyFromBytes?: number;
  /** Lower limits, so a test can pass one quickly. */
  limits?: Partial<RelayLimits>;
  allowedOrigins?: string[];
  /** Reverse proxies whose X-Forwarded-For the relay believes (TRUST_PROXY): a test can then ask from other addresses. */
  trustedProxies?: string[];
  /** Where the relay's log lines go; by default printed only when RELAY_LOG is set. */
  log?: (line: string) => void;
}

/** A created board's secrets and links (path + fragment), by role. */
export interface BoardAccessKit {
  secrets: Record<Role, string>;
  links: Record<Role, string>;
}

/**
 * The secrets of every board the tests created, so connectProvider can open a board with
 * its participant secret unless told otherwise.
 */
const createdBoards = new Map<string, BoardAccessKit>();

/** Keeps a new board's secrets for accessOf and connectProvider; returns its id. */
export function rememberCreatedBoard({ id, links }: CreateBoardResponse): string {
  const secrets = {} as Record<Role, string>;
  for (const role of Object.keys(links) as Role[]) secrets[role] = secretFromFragment(new URL(links[role], 'http://x').hash)!;
  createdBoards.set(id, { secrets, links });
  return id;
}

/** The secrets and links of a board created through a TestRelay. */
export function accessOf(boardId: string): BoardAccessKit {
  const kit = createdBoards.get(boardId);
  if (!kit) throw new Error(`The board ${boardId} was not created by this test run.`);
  return kit;
}

/** The websocket URL of a board, with a role's secret (the participant's by default). */
export function boardSocketUrl(wsUrl: string, boardId: string, role: Role = 'edit'): string {
  return `${wsUrl}/${boardId}?${ACCESS_KEY_PARAM}=${accessOf(boardId).secrets[role]}`;
}

export interface TestRelay {
  /** The running server; a new one after restart(). */
  readonly server: RunningServer;
  dataDir: string;
  /**
   * ws://127.0.0.1:port/ws — the serverUrl a WebsocketProvider takes. In a test cluster,
   * the next relay's each time it is read.
   */
  readonly wsUrl: string;
  /** Every relay's (one, unless this is a test cluster). */
  readonly wsUrls: string[];
  /** Creates a board and returns its id; accessOf(id) has its secrets and links. */
  createBoard(title?: string, template?: string): Promise<string>;
  /** Closes the server and starts it again on the same port and data dir. */
  restart(): Promise<void>;
  /** With the server closed: its store (LevelDB or PostgreSQL), opened for the test to read; the test closes it. */
  openStore(): Promise<BoardStore>;
  /** With the server closed: the board as the store holds it, read straight from the store (LevelDB or PostgreSQL). */
  storedBoard(boardId: string): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** Relay log lines are printed only when RELAY_LOG is set, to keep test output readable. */
const log = process.env.RELAY_LOG ? (line: string) => console.log(`[relay] ${line}`) : () => {};

/**
 * In the `integration-pg` project (BELIEFMAP_TEST_PG_PORT, set per project by
 * tests/helpers/storeEnv.ts from what its global setup provided), every relay runs on
 * PostgreSQL, a database of its own, instead of LevelDB: the same tests, the other store.
 */
const pgPortFromEnv = () => process.env.BELIEFMAP_TEST_PG_PORT;
/**
 * With BELIEFMAP_TEST_REDIS_URL set too (the `integration-cluster` project), a TestRelay is
 * a cluster of CLUSTER_RELAYS relays sharing that database through Redis, and `wsUrl`
 * names a different relay each time it is read: the people of a test land on different
 * relays without the test saying so, as they would behind a load balancer.
 */
const redisUrlFromEnv = () => process.env.BELIEFMAP_TEST_REDIS_URL;
const CLUSTER_RELAYS = 2;

export async function startTestRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'beliefmap-test-')));
  const pgPort = pgPortFromEnv();
  const redisUrl = redisUrlFromEnv();
  const databaseUrl = pgPort ? await createDatabaseOn(Number(pgPort)) : null;
  // One cluster's channels apart from the other test files' sharing the Redis.
  const redisPrefix = `test-${newId()}`;
  const start = async (port: number) =>
    startServer({
      port,
      host: '127.0.0.1',
      dataDir,
      store: databaseUrl ? await PgStore.open(databaseUrl) : undefined,
      bus: databaseUrl && redisUrl ? await RedisBus.connect(redisUrl, log, redisPrefix) : null,
      staticDir: options.staticDir,
      idleUnloadMs: options.idleUnloadMs,
      boardCopyFromBytes: options.boardCopyFromBytes,
      limits: options.limits,
      allowedOrigins: options.allowedOrigins,
      trustedProxies: options.trustedProxies,
      log: options.log ?? log,
    });
  const relayCount = databaseUrl && redisUrl ? CLUSTER_RELAYS : 1;
  let servers: RunningServer[] = [];
  for (let i = 0; i < relayCount; i++) servers.push(await start(0));
  const wsUrls = servers.map((server) => `ws://127.0.0.1:${server.port}${WS_PATH}`);
  let next = 0;
  const openStore = (): Promise<BoardStore> => (databaseUrl ? PgStore.open(databaseUrl) : LeveldbStore.open(dataDir));

  return {
    get server() {
      return servers[0];
    },
    dataDir,
    get wsUrl() {
      return wsUrls[next++ % wsUrls.length];
    },
    wsUrls,
    async createBoard(title, template) {
      const response = await fetch(`${servers[0].url}/api/boards`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title, template }),
      });
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
      return rememberCreatedBoard((await response.json()) as CreateBoardResponse);
    },
    async restart() {
      await Promise.all(servers.map((server) => server.close()));
      const ports = servers.map((server) => server.port);
      servers = [];
      for (const port of ports) servers.push(await start(port));
    },
    openStore,
    async storedBoard(boardId) {
      const store = await openStore();
      try {
        return (await store.loadBoard(boardId))?.state ?? null;
      } finally {
        await store.close();
      }
    },
    async close() {
      await Promise.all(servers.map((server) => server.close()));
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ConnectedProvider {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Destroys the provider and the doc (the doc's awareness timer would keep Node alive). */
  destroy(): void;
}

export interface ConnectOptions {
  doc?: Y.Doc;
  /** Start disconnected; call provider.connect() later. */
  connect?: boolean;
  /** Cap on y-websocket's reconnect backoff; short, so restarts do not slow tests. */
  maxBackoffTime?: number;
  /**
   * The provider as the browser makes it (client/state/boardProvider.ts): jittered
   * reconnects drawing on `random`, and no awareness echo. `maxBackoffTime` is then unused.
   */
  asBrowser?: { random(): number };
  /**
   * Presence as the browser sends it (PresenceAwareness, client/state/boardProvider.ts):
   * what the relay sent is not sent back. Implied by `asBrowser`.
   */
  noPresenceEcho?: boolean;
  /** The link secret to connect with; the board's participant secret by default. */
  secret?: string;
  /**
   * Reads compressed messages as the browser does (client/state/inflatingSocket.ts): says
   * so to the relay, and its socket inflates them before the provider sees them.
   */
  compressed?: boolean;
  /**
   * The participant id this browser proves (with a secret derived from it, so the same id
   * reconnects as itself); a fresh random id by default. What it writes under any other id
   * the relay refuses.
   */
  as?: string;
}

/** The participant secret a test browser proves `participantId` with: the same for the same id. */
export function participantSecretFor(participantId: string): string {
  return createHash('sha256').update(`test participant ${participantId}`).digest('base64url').slice(0, 22);
}

/** The query parameters a browser sends to prove who it is (shared/protocol.ts). */
export function participantParams(participantId: string): Record<string, string> {
  return { [PARTICIPANT_ID_PARAM]: participantId, [PARTICIPANT_SECRET_PARAM]: participantSecretFor(participantId) };
}

// In Node, every y-websocket provider adds a process 'exit' listener (to take its presence
// away); a test process that plays 20–50 people holds that many, which Node would report
// as a possible leak past its default of 10.
process.setMaxListeners(Math.max(process.getMaxListeners(), 200));

/**
 * A bare WebsocketProvider (not the page's BoardProvider) has no handler for our own
 * notices — 7 stored, 8 workshop — and y-websocket logs "Unable to compute message" for
 * each one the relay sends it, which buried real errors in the test log. It ignores them
 * now; a test that reads them registers its own handler over these (a SaveTracker does).
 * Any other unknown type is still logged.
 */
export function ignoreOurNotices(provider: WebsocketProvider): void {
  for (const type of [messageStored, messageWorkshop]) provider.messageHandlers[type] ??= () => {};
}

export function connectProvider(wsUrl: string, boardId: string, options: ConnectOptions = {}): ConnectedProvider {
  const doc = options.doc ?? new Y.Doc();
  const socket = WebSocket as unknown as typeof globalThis.WebSocket;
  const common = {
    WebSocketPolyfill: options.compressed ? inflatingWebSocket(socket) : socket,
    disableBc: true,
    connect: options.connect ?? true,
    params: {
      [ACCESS_KEY_PARAM]: options.secret ?? accessOf(boardId).secrets.edit,
      ...participantParams(options.as ?? newId()),
      ...(options.compressed && { [COMPRESSION_PARAM]: '1' }),
    },
  };
  const presence = options.noPresenceEcho ? new PresenceAwareness(doc) : undefined;
  const provider = options.asBrowser
    ? new BoardProvider(wsUrl, boardId, doc, { ...common, random: options.asBrowser.random })
    : new WebsocketProvider(wsUrl, boardId, doc, { ...common, maxBackoffTime: options.maxBackoffTime ?? 300, awareness: presence });
  if (presence) presence.sender = provider;
  if (!options.asBrowser) ignoreOurNotices(provider);
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** How many boards the relay at `url` (http://host:port) holds in memory, from /healthz. */
export async function boardsLoaded(url: string): Promise<number> {
  return ((await (await fetch(`${url}/healthz`)).json()) as { boardsLoaded: number }).boardsLoaded;
}

/** Polls `predicate` (sync or async) until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once the provider has received the relay's full state. */
export function waitSynced(provider: WebsocketProvider, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => provider.synced, timeoutMs, 'the provider to sync');
}

/**
 * Writes to a board as `participantId` (what the relay lets only that participant write:
 * their positions, their record, their beliefs), through a provider of its own, and waits
 * until the relay has stored it. `secret` proves the id; by default the test secret for it.
 */
export async function writeAs(
  wsUrl: string,
  boardId: string,
  participantId: string,
  write: (doc: Y.Doc) => void,
  options: { participantSecret?: string; role?: Role } = {},
): Promise<void> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: {
      [ACCESS_KEY_PARAM]: accessOf(boardId).secrets[options.role ?? 'edit'],
      [PARTICIPANT_ID_PARAM]: participantId,
      [PARTICIPANT_SECRET_PARAM]: options.participantSecret ?? participantSecretFor(participantId),
    },
  });
  ignoreOurNotices(provider);
  const origin = { writer: participantId };
  const tracker = new SaveTracker(provider, doc, (updateOrigin) => updateOrigin === origin);
  try {
    await waitSynced(provider);
    doc.transact(() => write(doc), origin);
    await waitFor(() => tracker.unconfirmed === 0, 10_000, `${participantId}'s writes to be stored`);
  } finally {
    tracker.destroy();
    provider.destroy();
    doc.destroy();
  }
}

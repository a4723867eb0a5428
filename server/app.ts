// One process, one port: the HTTP routes, the static client and the websocket relay,
// over one durable store. Tests, `npm start` and `npm run dev` all start it through here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BOARD_COPY_FROM_BYTES, BOARD_IDLE_UNLOAD_MS } from '../shared/limits.ts';
import { createRequestHandler } from './http/requestHandler.ts';
import { StaticFiles } from './http/staticFiles.ts';
import { ROTATABLE_ROLES } from '../shared/access.ts';
import { PerMinute } from './limits/counters.ts';
import { ReadSlots } from './limits/readSlots.ts';
import { DEFAULT_LIMITS, type RelayLimits } from './limits/relayLimits.ts';
import { Relay } from './relay/relay.ts';
import type { RedisBus } from './cluster/redisBus.ts';
import type { BoardStore } from './store/boardStore.ts';
import { LeveldbStore } from './store/leveldbStore.ts';

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * Where boards are kept: a store the caller opened (PostgreSQL for a cluster), which the
   * server closes when it closes; without one, the embedded LevelDB store in `dataDir`.
   */
  store?: BoardStore;
  dataDir?: string;
  /** The built client; defaults to <repo>/dist. null serves no client (Vite does, in dev). */
  staticDir?: string | null;
  log?: (line: string) => void;
  /** How long a board nobody is on stays in memory; tests shorten it. */
  idleUnloadMs?: number;
  /** Boards whose state encodes to at least this many bytes keep a copy for opening pages (Rooms.unload); tests lower it. */
  boardCopyFromBytes?: number;
  /** Limits to use instead of the defaults (shared/limits.ts); tests lower them. */
  limits?: Partial<RelayLimits>;
  /** Origins besides the server's own whose pages may open boards (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Reverse proxies whose X-Forwarded-For names the client, for per-address limits (TRUST_PROXY). */
  trustedProxies?: readonly string[];
  /** The bus to the other relays of a cluster (REDIS_URL); closed with the server. */
  bus?: RedisBus | null;
}

export interface RunningServer {
  port: number;
  /** http://host:port */
  url: string;
  /** Closes every connection, writes and compacts every loaded board, closes the store. */
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const staticDir = options.staticDir === undefined ? DEFAULT_STATIC_DIR : options.staticDir;

  const store = options.store ?? (await openEmbeddedStore(options.dataDir));
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const relay = new Relay(store, {
    idleUnloadMs: options.idleUnloadMs ?? BOARD_IDLE_UNLOAD_MS,
    boardCopyFromBytes: options.boardCopyFromBytes ?? BOARD_COPY_FROM_BYTES,
    log,
    limits,
    allowedOrigins: options.allowedOrigins ?? [],
    trustedProxies: options.trustedProxies ?? [],
    bus: options.bus ?? null,
  });
  const staticFiles = staticDir === null ? null : new StaticFiles(staticDir);
  void staticFiles?.warm();
  const server = createServer(
    createRequestHandler({
      store,
      staticFiles,
      stats: () => relay.stats(),
      startedAt: Date.now(),
      log,
      boardsCreated: new PerMinute(limits.maxBoardsPerIpPerMinute),
      reads: new ReadSlots(limits.maxReadsPerIp, options.trustedProxies ?? []),
      trustedProxies: options.trustedProxies ?? [],
      onRotated: (boardId) => relay.revoke(boardId, ROTATABLE_ROLES),
      onOpening: (boardId) => relay.prepare(boardId),
      onPersonalRevoked: (boardId, participantId) => relay.revokePersonal(boardId, participantId),
      onSharedLinkChanged: (boardId) => relay.sharedLinkChanged(boardId),
    }),
  );
  server.on('upgrade', relay.handleUpgrade);

  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    await relay.close();
    await options.bus?.close();
    await store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await relay.close();
    server.closeAllConnections();
    await stopped;
    await options.bus?.close();
    await store.close();
  };
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => (closing ??= close()),
  };
}

async function openEmbeddedStore(dataDir: string | undefined): Promise<BoardStore> {
  if (!dataDir) throw new Error('The server needs a store, or a data directory for the embedded one.');
  return LeveldbStore.openIn(dataDir);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

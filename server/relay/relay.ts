// The websocket side of the server: accepts upgrades at /ws/<boardId>, checks the board
// id before any lookup, hands each connection to its board's room and keeps sockets
// honest with pings. Speaks the stock y-websocket protocol, nothing more.
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isBoardId } from '../../shared/ids.ts';
import { MAX_MESSAGE_BYTES, RELAY_PING_INTERVAL_MS, RELAY_SHUTDOWN_GRACE_MS } from '../../shared/limits.ts';
import { CLOSE, COMPRESSION_PARAM, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM, WS_PATH } from '../../shared/protocol.ts';
import { ACCESS_KEY_PARAM, isAccessSecret, type Role } from '../../shared/access.ts';
import { isItemId } from '../../shared/ids.ts';
import { isPseudonym } from '../../shared/anonymity.ts';
import { hashSecret } from '../access/secrets.ts';
import { decideAccess } from '../access/boardAccess.ts';
import { clientAddress } from '../access/clientAddress.ts';
import { isAllowedOrigin } from '../access/origin.ts';
import type { RedisBus } from '../cluster/redisBus.ts';
import { BoundedCounts } from '../limits/counters.ts';
import { MessageLimiter } from '../limits/messageLimiter.ts';
import type { RelayLimits } from '../limits/relayLimits.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { Connection } from './connection.ts';
import { Rooms, ShuttingDownError } from './rooms.ts';

export interface RelayStats {
  boardsLoaded: number;
  connections: number;
}

export class Relay {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Off (ws's default, said here because frames.ts relies on it): ws then writes each of
    // its frames at once, so the frames the relay writes beside it never land inside one.
    perMessageDeflate: false,
  });
  private readonly rooms: Rooms;
  private readonly connections = new Set<Connection>();
  private readonly keepalive: NodeJS.Timeout;
  private closing = false;
  /** The board each admitted connection is on, so rotating a board's secrets finds its sessions. */
  private readonly boardOf = new Map<Connection, string>();
  /** Bumped on every rotation, so an access check that raced one is made again. */
  private readonly accessEpoch = new Map<string, number>();
  private readonly perIp: BoundedCounts;
  private readonly perBoard: BoundedCounts;
  private readonly bus: RedisBus | null;

  constructor(
    private readonly store: BoardStore,
    private readonly options: {
      idleUnloadMs: number;
      /** Boards at least this big keep a copy for opening pages as they unload (Rooms.unload). */
      boardCopyFromBytes: number;
      log: (line: string) => void;
      limits: RelayLimits;
      /** Origins besides the server's own whose pages may connect (ALLOWED_ORIGINS). */
      allowedOrigins: readonly string[];
      /** Reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
      trustedProxies?: readonly string[];
      /** The bus to the other relays of a cluster; none for one relay alone. */
      bus?: RedisBus | null;
    },
  ) {
    this.perIp = new BoundedCounts(options.limits.maxConnectionsPerIp);
    this.perBoard = new BoundedCounts(options.limits.maxConnectionsPerBoard);
    this.bus = options.bus ?? null;
    this.rooms = new Rooms(store, options.idleUnloadMs, options.log, options.limits, this.bus, options.boardCopyFromBytes);
    this.bus?.listen({
      revoke: (boardId, roles) => this.revokeHere(boardId, roles),
      revokePersonal: (boardId, participantId) => this.revokePersonalHere(boardId, participantId),
      sharedLinkChanged: (boardId) => this.sharedLinkChangedHere(boardId),
      relayGone: (relay) => this.rooms.each((room) => room.relayGone(relay)),
      reconnected: () =>
        this.rooms.each((room) => {
          room.catchUp().catch((error: unknown) => options.log(`board ${room.boardId}: could not catch up (${String(error)})`));
        }),
    });
    this.keepalive = setInterval(() => {
      for (const connection of this.connections) connection.checkAlive();
    }, RELAY_PING_INTERVAL_MS);
  }

  stats(): RelayStats {
    return { boardsLoaded: this.rooms.count, connections: this.connections.size };
  }

  /** The http server's 'upgrade' listener. */
  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = upgradeUrl(request.url);
    const boardId = url && boardIdOf(url);
    if (!url || boardId === null || this.closing) {
      socket.end(this.closing ? 'HTTP/1.1 503 Service Unavailable\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    // Another site's page: refused before any websocket exists.
    if (!isAllowedOrigin(request, this.options.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    // y-websocket's `params`: the link secret (never logged), the participant, and whether
    // the browser reads compressed messages (shared/protocol.ts).
    const query = url.searchParams;
    const secret = query.get(ACCESS_KEY_PARAM);
    const participant = participantOf(query);
    const compressed = query.get(COMPRESSION_PARAM) === '1';
    const ip = clientAddress(request, this.options.trustedProxies ?? []);
    // Accepted even when the id is bad or unknown: only an open socket can carry a close
    // code and reason that the browser can show.
    const tcp = socket instanceof Socket ? socket : null;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, tcp, boardId, secret, participant, compressed, ip));
  };

  /** Closes the sessions of a board opened with the given roles' (now replaced) secrets, on every relay. */
  revoke(boardId: string, roles: readonly Role[]): void {
    this.revokeHere(boardId, roles);
    this.bus?.publishRevoke(boardId, roles);
  }

  /** Closes the sessions that came through a personal link the facilitator withdrew, on every relay. */
  revokePersonal(boardId: string, participantId: string): void {
    this.revokePersonalHere(boardId, participantId);
    this.bus?.publishRevokePersonal(boardId, participantId);
  }

  /**
   * "Personal links only" was switched: sessions of the shared participant link reconnect
   * and are let in again under the new setting (answering, or viewing), on every relay.
   */
  sharedLinkChanged(boardId: string): void {
    this.sharedLinkChangedHere(boardId);
    this.bus?.publishSharedLinkChanged(boardId);
  }

  private revokeHere(boardId: string, roles: readonly Role[]): void {
    this.closeSessions(boardId, CLOSE.badSecret, (connection) => connection.participant?.via !== 'personal' && roles.includes(connection.role));
  }

  private revokePersonalHere(boardId: string, participantId: string): void {
    this.closeSessions(boardId, CLOSE.badSecret, (connection) => connection.participant?.via === 'personal' && connection.participant.id === participantId);
  }

  private sharedLinkChangedHere(boardId: string): void {
    this.closeSessions(boardId, CLOSE.accessChanged, (connection) => connection.participant?.via !== 'personal' && connection.role !== 'facilitate');
  }

  private closeSessions(boardId: string, code: number, which: (connection: Connection) => boolean): void {
    this.accessEpoch.set(boardId, (this.accessEpoch.get(boardId) ?? 0) + 1);
    for (const [connection, id] of this.boardOf) {
      if (id === boardId && which(connection)) connection.close(code);
    }
  }

  /**
   * Loads a board a browser is about to connect to, so its first sync is answered at once,
   * and resolves with its title (null: no such board). Unloaded after the usual idle time
   * when no connection comes. The caller has checked the link: this loads nothing a
   * connection with the same link could not.
   */
  async prepare(boardId: string): Promise<string | null> {
    try {
      const room = await this.rooms.open(boardId);
      if (!room) return null;
      room.releaseIfEmpty();
      // After this answer has gone: the page opens its socket once it has it.
      setImmediate(() => room.prepareNewcomerReply());
      return room.title();
    } catch (error) {
      if (!(error instanceof ShuttingDownError)) this.options.log(`board ${boardId}: could not load ahead of its connection (${String(error)})`);
      throw error;
    }
  }

  /** Closes every connection, then waits for every board to be written and freed. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.keepalive);
    const closed = Array.from(this.connections, (connection) =>
      connection.closeWithin(CLOSE.shuttingDown, RELAY_SHUTDOWN_GRACE_MS),
    );
    await this.rooms.close();
    await Promise.all(closed);
    this.wss.close();
  }

  private accept(ws: WebSocket, tcp: Socket | null, boardId: string, secret: string | null, participant: Connection['participant'], compressed: boolean, ip: string): void {
    const connection = new Connection(ws, tcp, this.options.log, new MessageLimiter(this.options.limits), this.options.limits.maxSocketBacklogBytes);
    connection.participant = participant;
    connection.readsCompressed = compressed;
    if (!isBoardId(boardId)) {
      connection.close(CLOSE.badBoardId);
      return;
    }
    if (!this.perIp.tryAdd(ip)) {
      connection.close(CLOSE.tooManyConnections);
      return;
    }
    this.connections.add(connection);
    connection.onClose(() => {
      this.connections.delete(connection);
      this.boardOf.delete(connection);
      this.perIp.remove(ip);
    });
    this.admit(connection, boardId, secret).then((admitted) => (admitted ? this.rooms.open(boardId) : undefined)).then(
      (room) => {
        if (room === undefined) return;
        if (!room) connection.close(CLOSE.unknownBoard);
        else if (connection.open) room.join(connection);
        else room.releaseIfEmpty();
      },
      (error: unknown) => {
        if (error instanceof ShuttingDownError) {
          connection.close(CLOSE.shuttingDown);
          return;
        }
        this.options.log(`board ${boardId}: could not load (${String(error)})`);
        connection.close(CLOSE.storeFailed);
      },
    );
  }

  /**
   * Counts the connection towards its board's limit — across every relay of a cluster (a
   * count per relay in Redis; only live relays' counts add up), or here alone — and
   * uncounts it when it closes. False when the board is full.
   */
  private async countOnBoard(connection: Connection, boardId: string): Promise<boolean> {
    if (!this.perBoard.tryAdd(boardId)) return false;
    connection.onClose(() => this.perBoard.remove(boardId));
    if (!this.bus) return true;
    const total = await this.bus.countConnection(boardId, 1);
    let counted = true;
    connection.onClose(() => {
      if (counted) void this.bus?.countConnection(boardId, -1);
      counted = false;
    });
    if (total !== null && total > this.options.limits.maxConnectionsPerBoard) {
      void this.bus.countConnection(boardId, -1);
      counted = false;
      return false;
    }
    return connection.open;
  }

  /**
   * Checks the secret and the board's connection limit; closes the connection and returns
   * false when it may not join. Sets the connection's role.
   */
  private async admit(connection: Connection, boardId: string, secret: string | null): Promise<boolean> {
    for (;;) {
      const epoch = this.accessEpoch.get(boardId);
      const decision = await decideAccess(this.store, boardId, secret);
      if (!connection.open) return false;
      if ('refused' in decision) {
        connection.close(decision.refused === 'unknown-board' ? CLOSE.unknownBoard : CLOSE.badSecret);
        return false;
      }
      // The secrets changed while this one was checked: check again against the new ones.
      if (this.accessEpoch.get(boardId) !== epoch) continue;
      connection.role = decision.role;
      // A personal link proves its own participant, whatever id the browser claims.
      if (decision.personal) connection.participant = { id: decision.personal.participantId, keyHash: null, via: 'personal' };
      if (decision.sharedLinkViewsOnly) connection.notice = 'On this board the facilitator takes answers through personal links only: ask them for yours. This link can view.';
      break;
    }
    if (!(await this.countOnBoard(connection, boardId))) {
      connection.close(CLOSE.tooManyConnections);
      return false;
    }
    this.boardOf.set(connection, boardId);
    return true;
  }
}

/**
 * The participant id the browser claims and the hash of the secret that proves it
 * (docs/rounds.md); null unless both are well formed. The secret is hashed at once and
 * never kept or logged.
 */
function participantOf(params: URLSearchParams): Connection['participant'] {
  const id = params.get(PARTICIPANT_ID_PARAM);
  const secret = params.get(PARTICIPANT_SECRET_PARAM);
  // A pseudonym is never a person's id: claimed as one (they are in the document for all
  // to read), it would let its holder write as the person behind it once answers are named
  // again — rewrite their comment, reveal a sealed answer over theirs (a hostile review).
  return isItemId(id) && !isPseudonym(id) && isAccessSecret(secret) ? { id, keyHash: hashSecret(secret), via: 'shared' } : null;
}

/** The upgrade's address, read once; null when it cannot be read. */
function upgradeUrl(url: string | undefined): URL | null {
  try {
    return new URL(url ?? '/', 'http://relay');
  } catch {
    return null;
  }
}

/** The board id in a websocket path `/ws/<boardId>`, unchecked; null for other paths. */
function boardIdOf({ pathname }: URL): string | null {
  const prefix = `${WS_PATH}/`;
  if (pathname === WS_PATH) return '';
  return pathname.startsWith(prefix) ? pathname.slice(prefix.length) : null;
}

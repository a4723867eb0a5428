// The websocket side of the server: accepts upgrades at /ws/<boardId>, checks the board
// id before any lookup, hands each connection to its board's room and keeps sockets
// honest with pings. Speaks the stock y-websocket protocol, nothing more.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isBoardId } from '../../shared/ids.ts';
import { MAX_MESSAGE_BYTES, RELAY_PING_INTERVAL_MS, RELAY_SHUTDOWN_GRACE_MS } from '../../shared/limits.ts';
import { CLOSE, WS_PATH } from '../../shared/protocol.ts';
import type { BoardStore } from '../store/boardStore.ts';
import { Connection } from './connection.ts';
import { Rooms, ShuttingDownError } from './rooms.ts';

export interface RelayStats {
  boardsLoaded: number;
  connections: number;
}

export class Relay {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly rooms: Rooms;
  private readonly connections = new Set<Connection>();
  private readonly keepalive: NodeJS.Timeout;
  private closing = false;

  constructor(
    store: BoardStore,
    private readonly options: { idleUnloadMs: number; log: (line: string) => void },
  ) {
    this.rooms = new Rooms(store, options.idleUnloadMs, options.log);
    this.keepalive = setInterval(() => {
      for (const connection of this.connections) connection.checkAlive();
    }, RELAY_PING_INTERVAL_MS);
  }

  stats(): RelayStats {
    return { boardsLoaded: this.rooms.count, connections: this.connections.size };
  }

  /** The http server's 'upgrade' listener. */
  readonly handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const boardId = boardIdOf(request.url);
    if (boardId === null || this.closing) {
      socket.end(this.closing ? 'HTTP/1.1 503 Service Unavailable\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    // Accepted even when the id is bad or unknown: only an open socket can carry a close
    // code and reason that the browser can show.
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, boardId));
  };

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

  private accept(ws: WebSocket, boardId: string): void {
    const connection = new Connection(ws, this.options.log);
    if (!isBoardId(boardId)) {
      connection.close(CLOSE.badBoardId);
      return;
    }
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
    this.rooms.open(boardId).then(
      (room) => {
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
}

/** The board id in a websocket path `/ws/<boardId>`, unchecked; null for other paths. */
function boardIdOf(url: string | undefined): string | null {
  let pathname: string;
  try {
    pathname = new URL(url ?? '/', 'http://relay').pathname;
  } catch {
    return null;
  }
  const prefix = `${WS_PATH}/`;
  if (pathname === WS_PATH) return '';
  return pathname.startsWith(prefix) ? pathname.slice(prefix.length) : null;
}

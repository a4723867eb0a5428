// One browser's websocket to one board. Messages that arrive before the board is loaded
// are queued, so nothing is answered from an empty document and nothing is lost.
import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import { MAX_MESSAGES_WHILE_LOADING } from '../../shared/limits.ts';
import { CLOSE, CLOSE_REASON } from '../../shared/protocol.ts';
import type { Role } from '../../shared/access.ts';
import type { MessageLimiter } from '../limits/messageLimiter.ts';
import { holdWritesUntilTurnEnds } from './turnWrites.ts';

type Receiver = (message: Uint8Array) => void;

export class Connection {
  /** Cleared by each keepalive ping, set again by the pong. */
  private alive = true;
  private queue: Uint8Array[] = [];
  private receiver: Receiver | null = null;
  /**
   * What this connection's link secret allows, set by the relay once checked (before the
   * connection joins a room). Read by the room and by anything that needs a role.
   */
  role: Role = 'view';
  /**
   * The participant id this browser claims and the hash of the secret that proves it
   * (docs/rounds.md); null when it sent none. The secret itself is never kept.
   */
  participant: { id: string; keyHash: string } | null = null;

  /** Run once the socket closes: one socket listener for all, as a relay holds thousands of connections. */
  private closeListeners: (() => void)[] | null = [];

  constructor(
    private readonly socket: WebSocket,
    log: (line: string) => void,
    private readonly limiter: MessageLimiter | null = null,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.once('close', () => {
      const listeners = this.closeListeners ?? [];
      this.closeListeners = null;
      for (const listener of listeners) listener();
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    // ws reports protocol errors (e.g. a frame over maxPayload) here, then closes the socket.
    socket.on('error', (error) => log(`websocket error: ${error.message}`));
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Runs once the socket has closed (at once if it already has). */
  onClose(listener: () => void): void {
    if (this.closeListeners && this.socket.readyState !== WebSocket.CLOSED) this.closeListeners.push(listener);
    else listener();
  }

  /** Starts handing messages to `receiver`, first those queued while the board loaded. */
  deliverTo(receiver: Receiver): void {
    const queued = this.queue;
    this.queue = [];
    this.receiver = receiver;
    for (const message of queued) {
      if (!this.open) return;
      receiver(message);
    }
  }

  send(message: Uint8Array): void {
    if (!this.open) return;
    // ws keeps the TCP socket in `_socket` and corks it around each frame itself; holding
    // it corked across the turn batches our frames the same way.
    const tcp = (this.socket as unknown as { _socket?: Socket | null })._socket;
    if (tcp) holdWritesUntilTurnEnds(tcp);
    this.socket.send(message, (error) => {
      if (error) this.socket.terminate();
    });
  }

  /** Closes with one of our codes; the browser shows the reason that goes with it. */
  close(code: number): void {
    if (this.socket.readyState === WebSocket.CLOSING || this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(code, CLOSE_REASON[code]);
  }

  /** Closes, and cuts the socket off if the other end has not answered within `graceMs`. */
  closeWithin(code: number, graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.onClose(resolve);
      this.close(code);
      setTimeout(() => this.socket.terminate(), graceMs).unref();
    });
  }

  /** Called on every keepalive tick: a socket that did not answer the last ping is dead. */
  checkAlive(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    // Once the relay has decided to close, nothing more from this socket is handled.
    if (!this.open) return;
    if (!isBinary) {
      this.close(CLOSE.badMessage);
      return;
    }
    const message = copyMessage(data);
    const refusal = this.limiter?.check(message);
    if (refusal) {
      this.close(refusal);
      return;
    }
    if (this.receiver) {
      this.receiver(message);
    } else if (this.queue.length < MAX_MESSAGES_WHILE_LOADING) {
      this.queue.push(message);
    } else {
      this.close(CLOSE.limit);
    }
  }
}

/**
 * A copy with its own ArrayBuffer: ws may hand out a view into a larger pooled buffer, and
 * a truncated message must fail to decode rather than read the bytes next to it.
 */
function copyMessage(data: RawData): Uint8Array {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(bytes);
}

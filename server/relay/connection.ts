// One browser's websocket to one board. Messages that arrive before the board is loaded
// are queued, so nothing is answered from an empty document and nothing is lost. What the
// relay holds unsent for the socket is bounded: a browser that stops reading is closed
// rather than allowed to grow the relay's memory.
import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import { MAX_MESSAGES_WHILE_LOADING, MAX_SOCKET_BACKLOG_BYTES } from '../../shared/limits.ts';
import { CLOSE, CLOSE_REASON } from '../../shared/protocol.ts';
import type { Role } from '../../shared/access.ts';
import type { MessageLimiter } from '../limits/messageLimiter.ts';
import type { SharedFrame } from './frames.ts';
import { holdWritesUntilTurnEnds } from './turnWrites.ts';

type Receiver = (message: Uint8Array) => void;

/** Who a connection speaks for, once the relay has checked it. */
export interface ClaimedParticipant {
  /** The participant id the browser claims (`me`), or the one its personal link names. */
  id: string;
  /** Hash of the browser's participant secret (`p`); null for a personal link, which proves the id itself. */
  keyHash: string | null;
  /** Through which kind of link it came. */
  via: 'shared' | 'personal';
}

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
   * The participant this browser claims (docs/rounds.md); null when it sent none. The
   * secret itself is never kept. The room's roster decides whether the claim holds.
   */
  participant: ClaimedParticipant | null = null;
  /** The participant id the roster verified for this connection; null: it may change nothing. */
  verifiedParticipant: string | null = null;
  /** The browser reads compressed messages (shared/protocol.ts, COMPRESSION_PARAM). */
  readsCompressed = false;
  /** Said to the browser when it joins, in words (why its link only views, say). */
  notice: string | null = null;
  /**
   * Bytes of a large first reply (the board's state) still allowed beyond the backlog cap,
   * until the socket has once drained below the cap.
   */
  private firstReplyAllowance = 0;

  /** Run once the socket closes: one socket listener for all, as a relay holds thousands of connections. */
  private closeListeners: (() => void)[] | null = [];

  /**
   * `tcp` is the socket the upgrade came on (ws's own is private): the relay corks it so
   * what goes to one browser in one turn leaves in one write.
   */
  constructor(
    private readonly socket: WebSocket,
    private readonly tcp: Socket | null,
    log: (line: string) => void,
    private readonly limiter: MessageLimiter | null = null,
    private readonly maxBacklogBytes = MAX_SOCKET_BACKLOG_BYTES,
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
    this.receiver = receiver;
    // A message may pause delivery again (pause): the rest then stay queued behind it.
    let next = 0;
    while (next < this.queue.length && this.receiver === receiver && this.open) receiver(this.queue[next++]);
    this.queue = this.queue.slice(next);
  }

  /**
   * Holds this browser's next messages (queued, as while the board loads) until the
   * returned function is called: the room waits on something before it can decide the
   * message at hand, and those after it must not overtake it.
   */
  pause(): () => void {
    const receiver = this.receiver;
    this.receiver = null;
    return () => {
      if (receiver && this.open && this.receiver === null) this.deliverTo(receiver);
    };
  }

  /** Sends the board's first state: it may exceed the backlog cap once, while it drains. */
  sendFirstReply(messages: Uint8Array[]): void {
    if (!this.mayWrite()) return;
    for (const message of messages) this.write(message);
    // Given after the write: mayWrite clears it whenever the backlog is under the cap, as it
    // is before this write, so given first it was gone by the time the reply was queued and
    // the next message (a colleague's cursor) cut off a browser still reading a big board.
    this.firstReplyAllowance = messages.reduce((bytes, message) => bytes + message.length, 0);
  }

  send(message: Uint8Array): void {
    if (!this.mayWrite()) return;
    this.write(message);
  }

  private write(message: Uint8Array): void {
    if (this.tcp) holdWritesUntilTurnEnds(this.tcp);
    // No callback: a failed write closes the socket anyway (ws's 'close' follows the TCP
    // socket's error), and a callback per message is a closure and a write request to track
    // for each of a board's people on every update.
    this.socket.send(message);
  }

  /** Sends a message framed once for everyone it goes to (frames.ts). */
  sendShared(shared: SharedFrame): void {
    if (!this.tcp) {
      this.send(shared.message);
      return;
    }
    if (!this.mayWrite()) return;
    holdWritesUntilTurnEnds(this.tcp);
    shared.writeTo(this.tcp);
  }

  /** Open and reading: false once closed, or when the backlog cap cut the socket off. */
  private mayWrite(): boolean {
    if (!this.open) return false;
    const backlog = this.socket.bufferedAmount;
    if (backlog <= this.maxBacklogBytes) this.firstReplyAllowance = 0;
    else if (backlog > this.maxBacklogBytes + this.firstReplyAllowance) {
      this.cutOff(CLOSE.tooSlow);
      return false;
    }
    return true;
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

  /**
   * Closes a socket that is not reading: the close frame queues behind everything unsent,
   * so the socket is cut at once and what it held is freed.
   */
  private cutOff(code: number): void {
    this.close(code);
    this.socket.terminate();
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

// The bus between the relays of a cluster (npm `ioredis`, Redis pub/sub): every update a
// relay stores goes to the other relays that hold the board, with its number in the
// board's log, and so does presence, and the workshop notices meant for a participant's
// tabs elsewhere. The record stays PostgreSQL: a message the bus loses (Redis restarted,
// a relay briefly cut off) is repaired from the log — a gap in the numbers, a reconnect
// or another relay's death makes every room catch up with PostgreSQL.
//
// Relays say they are alive every HEARTBEAT_MS on the control channel; one not heard for
// RELAY_DEAD_MS is dead, and the others drop its people's presence. The control channel
// also carries what must reach every relay at once: revoked links.
//
// On the wire (lib0 encoding): a kind, the sending relay's id, then the kind's fields.
import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import type { Role } from '../../shared/access.ts';
import { ROLES } from '../../shared/access.ts';

/** How often a relay says it is alive, and after how long without a word it counts as dead. */
export const HEARTBEAT_MS = 1_000;
export const RELAY_DEAD_MS = 5_000;

/**
 * Every channel and key starts with the cluster's prefix (`beliefmap` unless REDIS_PREFIX
 * says otherwise), so two installations, or two test clusters, can share one Redis.
 */
function redisNames(prefix: string) {
  const boardChannelStart = `${prefix}:board:`;
  return {
    control: `${prefix}:control`,
    boardChannelStart,
    boardChannel: (boardId: string) => `${boardChannelStart}${boardId}`,
    connections: (boardId: string) => `${prefix}:connections:${boardId}`,
    present: (boardId: string) => `${prefix}:present:${boardId}`,
  };
}

export const DEFAULT_REDIS_PREFIX = 'beliefmap';

const KIND = {
  update: 0,
  awareness: 1,
  notice: 2,
  participantRemoved: 3,
  heartbeat: 10,
  revoke: 11,
  revokePersonal: 12,
  sharedLinkChanged: 13,
  goodbye: 14,
} as const;

/** What a room hears from the other relays. */
export interface BoardListener {
  update(seq: number, update: Uint8Array): void;
  /** Another relay's heartbeat says it stored up to `seq` lately: a room behind it catches up. */
  storedUpTo(seq: number): void;
  awareness(update: Uint8Array, fromRelay: string): void;
  /** A workshop notice for a participant's tabs on this relay. */
  notice(participantId: string, message: Uint8Array): void;
  participantRemoved(participantId: string): void;
}

/** What the relay as a whole hears. */
export interface ClusterListener {
  revoke(boardId: string, roles: Role[]): void;
  revokePersonal(boardId: string, participantId: string): void;
  sharedLinkChanged(boardId: string): void;
  /** A relay stopped or went silent: its people's presence goes, and rooms catch up. */
  relayGone(relayId: string): void;
  /** The bus was cut off and is back: messages may have been lost meanwhile. */
  reconnected(): void;
}

export class RedisBus {
  readonly relayId = randomUUID();
  private readonly boards = new Map<string, BoardListener>();
  /** Other relays, by id → when last heard. */
  private readonly alive = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | null = null;
  /** The last number this relay published per board since its last heartbeat. */
  private published = new Map<string, number>();
  private everReady = false;
  private closed = false;

  /** Who hears the relay-wide messages: the relay, once it exists (see listen). */
  private listener: ClusterListener | null = null;

  private readonly names: ReturnType<typeof redisNames>;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly log: (line: string) => void,
    prefix: string,
  ) {
    this.names = redisNames(prefix);
  }

  static async connect(url: string, log: (line: string) => void, prefix = DEFAULT_REDIS_PREFIX): Promise<RedisBus> {
    // Publishing while Redis is away fails at once rather than queueing without bound:
    // whatever is lost meanwhile is repaired from PostgreSQL.
    const pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    const sub = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const client of [pub, sub]) client.on('error', (error: Error) => log(`Redis: ${error.message}`));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(`Could not reach Redis at ${url.replace(/\/\/[^@]*@/, '//')} (${error instanceof Error ? error.message : String(error)}).`);
    }
    const bus = new RedisBus(pub, sub, log, prefix);
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => bus.receive(channel.toString(), new Uint8Array(message)));
    sub.on('ready', () => bus.onReady());
    await sub.subscribe(bus.names.control);
    bus.everReady = true;
    bus.heartbeat = setInterval(() => bus.beat(), HEARTBEAT_MS);
    bus.heartbeat.unref();
    bus.beat();
    return bus;
  }

  /** The relay that hears revocations, dead relays and reconnects. */
  listen(listener: ClusterListener): void {
    this.listener = listener;
  }

  /** Starts hearing a board's messages (a room loaded it); resolves once subscribed. */
  async join(boardId: string, listener: BoardListener): Promise<void> {
    this.boards.set(boardId, listener);
    await this.sub.subscribe(this.names.boardChannel(boardId)).catch((error: Error) => this.log(`Redis: could not follow board ${boardId} (${error.message})`));
  }

  leave(boardId: string): void {
    this.boards.delete(boardId);
    void this.sub.unsubscribe(this.names.boardChannel(boardId)).catch(() => undefined);
  }

  publishUpdate(boardId: string, seq: number, update: Uint8Array): void {
    if (seq > (this.published.get(boardId) ?? 0)) this.published.set(boardId, seq);
    const encoder = this.start(KIND.update);
    encoding.writeVarUint(encoder, seq);
    encoding.writeVarUint8Array(encoder, update);
    this.publish(this.names.boardChannel(boardId), encoder);
  }

  publishAwareness(boardId: string, update: Uint8Array): void {
    const encoder = this.start(KIND.awareness);
    encoding.writeVarUint8Array(encoder, update);
    this.publish(this.names.boardChannel(boardId), encoder);
  }

  publishNotice(boardId: string, participantId: string, message: Uint8Array): void {
    const encoder = this.start(KIND.notice);
    encoding.writeVarString(encoder, participantId);
    encoding.writeVarUint8Array(encoder, message);
    this.publish(this.names.boardChannel(boardId), encoder);
  }

  publishParticipantRemoved(boardId: string, participantId: string): void {
    const encoder = this.start(KIND.participantRemoved);
    encoding.writeVarString(encoder, participantId);
    this.publish(this.names.boardChannel(boardId), encoder);
  }

  publishRevoke(boardId: string, roles: readonly Role[]): void {
    const encoder = this.start(KIND.revoke);
    encoding.writeVarString(encoder, boardId);
    encoding.writeVarString(encoder, roles.join(','));
    this.publish(this.names.control, encoder);
  }

  publishRevokePersonal(boardId: string, participantId: string): void {
    const encoder = this.start(KIND.revokePersonal);
    encoding.writeVarString(encoder, boardId);
    encoding.writeVarString(encoder, participantId);
    this.publish(this.names.control, encoder);
  }

  publishSharedLinkChanged(boardId: string): void {
    const encoder = this.start(KIND.sharedLinkChanged);
    encoding.writeVarString(encoder, boardId);
    this.publish(this.names.control, encoder);
  }

  /**
   * Counts a connection to a board (delta +1 or −1) in a hash of per-relay counts, and
   * returns the board's connections on every live relay after the change. Without Redis,
   * null: the caller counts its own alone.
   */
  async countConnection(boardId: string, delta: 1 | -1): Promise<number | null> {
    try {
      const key = this.names.connections(boardId);
      await this.pub.hincrby(key, this.relayId, delta);
      if (delta < 0) return null;
      const counts = await this.pub.hgetall(key);
      let total = 0;
      for (const [relay, count] of Object.entries(counts)) {
        // A dead relay's count stays behind in the hash; only live relays count.
        if (relay === this.relayId || this.alive.has(relay)) total += Math.max(0, Number(count));
      }
      return total;
    } catch {
      return null;
    }
  }

  /**
   * Counts a verified participant's tab on a board in, or out, so every relay knows who is
   * here to answer a round (auto-reveal waits for them wherever they are).
   */
  async countPresent(boardId: string, participantId: string, role: string, delta: 1 | -1): Promise<void> {
    await this.pub.hincrby(this.names.present(boardId), `${this.relayId}|${role}|${participantId}`, delta).catch(() => undefined);
  }

  /** Participants with a tab open on the board through any live relay, with their role. */
  async presentOn(boardId: string): Promise<{ id: string; role: string }[]> {
    const present: { id: string; role: string }[] = [];
    const fields = await this.pub.hgetall(this.names.present(boardId)).catch(() => ({}) as Record<string, string>);
    for (const [field, count] of Object.entries(fields)) {
      const [relay, role, ...rest] = field.split('|');
      if (Number(count) > 0 && (relay === this.relayId || this.alive.has(relay))) present.push({ id: rest.join('|'), role });
    }
    return present;
  }

  /** Other relays heard from lately. */
  liveRelays(): string[] {
    return Array.from(this.alive.keys());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    // Said on the way out, so the others drop this relay's presence at once.
    this.publish(this.names.control, this.start(KIND.goodbye));
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private start(kind: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kind);
    encoding.writeVarString(encoder, this.relayId);
    return encoder;
  }

  private publish(channel: string, encoder: encoding.Encoder): void {
    if (this.closed && this.pub.status !== 'ready') return;
    void this.pub.publish(channel, Buffer.from(encoding.toUint8Array(encoder))).catch(() => undefined);
  }

  /**
   * "Alive", with the last number published per board since the last beat: a relay that
   * lost the message (the bus dropped it) sees it is behind within a beat.
   */
  private beat(): void {
    const encoder = this.start(KIND.heartbeat);
    const published = this.published;
    this.published = new Map();
    encoding.writeVarUint(encoder, published.size);
    for (const [boardId, seq] of published) {
      encoding.writeVarString(encoder, boardId);
      encoding.writeVarUint(encoder, seq);
    }
    this.publish(this.names.control, encoder);
    const now = Date.now();
    for (const [relay, seen] of this.alive) {
      if (now - seen > RELAY_DEAD_MS) this.forget(relay, 'went silent');
    }
  }

  private forget(relay: string, why: string): void {
    if (!this.alive.delete(relay)) return;
    this.log(`relay ${relay.slice(0, 8)} ${why}: dropping its people's presence and catching up`);
    this.listener?.relayGone(relay);
  }

  private onReady(): void {
    // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is lost.
    if (!this.everReady || this.closed) return;
    this.log('Redis is back: catching every board up with PostgreSQL');
    this.listener?.reconnected();
  }

  private receive(channel: string, message: Uint8Array): void {
    let decoder: decoding.Decoder;
    let kind: number;
    let from: string;
    try {
      decoder = decoding.createDecoder(message);
      kind = decoding.readVarUint(decoder);
      from = decoding.readVarString(decoder);
    } catch {
      return;
    }
    if (from === this.relayId) return;
    try {
      if (channel === this.names.control) this.receiveControl(kind, from, decoder);
      else this.receiveBoard(channel.slice(this.names.boardChannelStart.length), kind, from, decoder);
    } catch (error) {
      this.log(`bus: unreadable message on ${channel} (${String(error)})`);
    }
  }

  private receiveControl(kind: number, from: string, decoder: decoding.Decoder): void {
    switch (kind) {
      case KIND.heartbeat: {
        const known = this.alive.has(from);
        this.alive.set(from, Date.now());
        // A relay just started knows nobody: answer at once, so its counts across relays
        // (connections, who is present) include this one within a round trip, not a beat.
        if (!known) this.beat();
        for (let count = decoding.readVarUint(decoder); count > 0; count--) {
          const boardId = decoding.readVarString(decoder);
          const seq = decoding.readVarUint(decoder);
          this.boards.get(boardId)?.storedUpTo(seq);
        }
        return;
      }
      case KIND.goodbye:
        this.forget(from, 'stopped');
        return;
      case KIND.revoke: {
        const boardId = decoding.readVarString(decoder);
        const roles = decoding.readVarString(decoder).split(',').filter((role): role is Role => (ROLES as readonly string[]).includes(role));
        this.listener?.revoke(boardId, roles);
        return;
      }
      case KIND.revokePersonal:
        this.listener?.revokePersonal(decoding.readVarString(decoder), decoding.readVarString(decoder));
        return;
      case KIND.sharedLinkChanged:
        this.listener?.sharedLinkChanged(decoding.readVarString(decoder));
        return;
    }
  }

  private receiveBoard(boardId: string, kind: number, from: string, decoder: decoding.Decoder): void {
    const board = this.boards.get(boardId);
    if (!board) return;
    // Any word from a relay says it is alive.
    this.alive.set(from, Date.now());
    switch (kind) {
      case KIND.update: {
        const seq = decoding.readVarUint(decoder);
        board.update(seq, decoding.readVarUint8Array(decoder));
        return;
      }
      case KIND.awareness:
        board.awareness(decoding.readVarUint8Array(decoder), from);
        return;
      case KIND.notice:
        board.notice(decoding.readVarString(decoder), decoding.readVarUint8Array(decoder));
        return;
      case KIND.participantRemoved:
        board.participantRemoved(decoding.readVarString(decoder));
        return;
    }
  }
}

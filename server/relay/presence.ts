// A board's presence (Yjs awareness), relay side. Presence belongs to its connection: a
// connection may set or remove only the awareness clients it introduced (bound on first
// use, a few per connection); entries for anyone else's client are dropped, so nobody can
// speak as the facilitator or make her vanish. A client id a verified participant's tab
// presents is that participant's for good (the room records it in the roster), so it
// cannot be taken over while the tab reconnects, nor written under as a Yjs client id.
// The relay stamps each state with who the connection is (its verified participant id and
// role), strips a view-only link's state to a name, and sends each person's presence out
// at most every PRESENCE_FLUSH_MS, latest state only, encoded once for everyone.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { MAX_PRESENCE_CLIENTS_PER_CONNECTION, PRESENCE_FLUSH_MS } from '../../shared/limits.ts';
import { Spaced } from '../limits/spaced.ts';
import type { Connection } from './connection.ts';
import { encodeAwarenessMessage } from './messages.ts';

/** The origin of presence another relay passed on. */
const REMOTE = Symbol('another relay');

/** y-websocket renews its state every 15 s; others drop it after 30 s without one. */
const RENEWAL_MS = 10_000;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class RoomPresence {
  private readonly awareness: Awareness;
  /** The awareness clients each connection introduced. */
  private readonly clientsOf = new Map<Connection, Set<number>>();
  /** Which connection introduced each client. */
  private readonly connectionOf = new Map<number, Connection>();
  private readonly pending = new Set<number>();
  /** Of those, this relay's own people's, which other relays need to hear of. */
  private readonly pendingLocal = new Set<number>();
  /** Clients whose presence came from another relay of a cluster, by that relay's id. */
  private readonly remoteOwner = new Map<number, string>();
  private readonly flushes = new Spaced(PRESENCE_FLUSH_MS, () => this.flush());
  /** When each client's state last went out: an unchanged state is passed on only as a renewal. */
  private readonly sentAt = new Map<number, number>();

  /**
   * `broadcast` sends to every connection here; `mayClaim` says whether a connection may
   * introduce an awareness client id nobody here presents now (the room asks the roster,
   * which binds it to the participant); `publish`, when the board is shared with other
   * relays, hands them what changed of this relay's own people (never what came from them).
   */
  constructor(
    doc: Y.Doc,
    private readonly broadcast: (message: Uint8Array) => void,
    private readonly mayClaim: (connection: Connection, client: number) => boolean,
    private readonly publish: ((update: Uint8Array) => void) | null = null,
  ) {
    this.awareness = new Awareness(doc);
    // The relay is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('change', this.onChange);
    this.awareness.on('update', this.onRenewal);
  }

  /** Everyone present now, as one message for someone who just joined (null when nobody is). */
  everyone(): Uint8Array | null {
    const present = Array.from(this.awareness.getStates().keys());
    return present.length > 0 ? encodeAwarenessMessage(this.awareness, present) : null;
  }

  join(connection: Connection): void {
    this.clientsOf.set(connection, new Set());
  }

  /** Removes what the connection introduced, for everyone at once (not after the 30 s timeout). */
  leave(connection: Connection): void {
    const clients = this.clientsOf.get(connection);
    this.clientsOf.delete(connection);
    if (!clients || clients.size === 0) return;
    for (const client of clients) this.connectionOf.delete(client);
    removeAwarenessStates(this.awareness, Array.from(clients), connection);
    this.flush();
  }

  /** Applies the entries of an awareness update that `connection` may write; throws when it cannot be read. */
  receive(connection: Connection, update: Uint8Array): void {
    const mine = this.clientsOf.get(connection);
    if (!mine) return;
    const decoder = decoding.createDecoder(update);
    const encoder = encoding.createEncoder();
    const count = decoding.readVarUint(decoder);
    let kept = 0;
    const entries = encoding.createEncoder();
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (!this.mayWrite(connection, mine, client)) continue;
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) continue;
      if (!mine.has(client)) {
        mine.add(client);
        this.connectionOf.set(client, connection);
      }
      encoding.writeVarUint(entries, client);
      encoding.writeVarUint(entries, clock);
      encoding.writeVarString(entries, JSON.stringify(state === null ? null : stamp(state as Record<string, unknown>, connection)));
      kept++;
    }
    if (kept === 0) return;
    // y-protocols' awareness update layout: a count, then client, clock and JSON state each.
    encoding.writeVarUint(encoder, kept);
    encoding.writeUint8Array(encoder, encoding.toUint8Array(entries));
    applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), connection);
  }

  destroy(): void {
    this.flushes.cancel();
    this.awareness.off('change', this.onChange);
    this.awareness.off('update', this.onRenewal);
    this.awareness.destroy();
  }

  /**
   * Presence another relay passed on: its own people's, already checked and stamped there.
   * A client of a connection here is never taken over from elsewhere. Returns the client
   * ids it shows present.
   */
  receiveRemote(update: Uint8Array, fromRelay: string): number[] {
    const decoder = decoding.createDecoder(update);
    const encoder = encoding.createEncoder();
    const entries = encoding.createEncoder();
    const present: number[] = [];
    let kept = 0;
    for (let i = decoding.readVarUint(decoder); i > 0; i--) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (this.connectionOf.has(client)) continue;
      if (state === 'null') this.remoteOwner.delete(client);
      else {
        this.remoteOwner.set(client, fromRelay);
        present.push(client);
      }
      encoding.writeVarUint(entries, client);
      encoding.writeVarUint(entries, clock);
      encoding.writeVarString(entries, state);
      kept++;
    }
    if (kept === 0) return present;
    encoding.writeVarUint(encoder, kept);
    encoding.writeUint8Array(encoder, encoding.toUint8Array(entries));
    applyAwarenessUpdate(this.awareness, encoding.toUint8Array(encoder), REMOTE);
    return present;
  }

  /** Another relay stopped: its people are gone from here too. */
  forgetRelay(relay: string): void {
    const gone = Array.from(this.remoteOwner).filter(([, owner]) => owner === relay).map(([client]) => client);
    for (const client of gone) this.remoteOwner.delete(client);
    if (gone.length > 0) removeAwarenessStates(this.awareness, gone, REMOTE);
  }

  private mayWrite(connection: Connection, mine: Set<number>, client: number): boolean {
    if (mine.has(client)) return true;
    // A client shown through another relay belongs to someone there.
    if (this.remoteOwner.has(client)) return false;
    const owner = this.connectionOf.get(client);
    if (owner !== undefined && owner !== connection) return false;
    return mine.size < MAX_PRESENCE_CLIENTS_PER_CONNECTION && this.mayClaim(connection, client);
  }

  private readonly onChange = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    if (origin !== REMOTE) for (const client of [...added, ...updated, ...removed]) this.pendingLocal.add(client);
    for (const client of added) this.pending.add(client);
    for (const client of updated) this.pending.add(client);
    for (const client of removed) {
      this.pending.add(client);
      this.sentAt.delete(client);
    }
    this.schedule();
  };

  /**
   * A state sent again unchanged only says "still here": browsers drop a state not renewed
   * within 30 s, so it is passed on when the last one went out over RENEWAL_MS ago.
   */
  private readonly onRenewal = ({ updated }: AwarenessChange, origin: unknown): void => {
    const now = performance.now();
    for (const client of updated) {
      if (now - (this.sentAt.get(client) ?? 0) <= RENEWAL_MS) continue;
      this.pending.add(client);
      if (origin !== REMOTE) this.pendingLocal.add(client);
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.pending.size > 0) this.flushes.ask();
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const clients = Array.from(this.pending);
    this.pending.clear();
    const local = Array.from(this.pendingLocal);
    this.pendingLocal.clear();
    const now = performance.now();
    for (const client of clients) if (this.awareness.getStates().has(client)) this.sentAt.set(client, now);
    // Sent to the sender too: it is the only traffic a lone browser gets, and y-websocket
    // reconnects when it hears nothing for 30 seconds.
    this.broadcast(encodeAwarenessMessage(this.awareness, clients));
    if (this.publish && local.length > 0) this.publish(encodeAwarenessUpdate(this.awareness, local));
  }
}

/**
 * The state as others will see it: who the relay knows the connection to be, whatever it
 * claims. A view-only link shows only its name (no cursor, selection or view to follow),
 * so an audience of a hundred costs the room nothing when it moves.
 */
function stamp(state: Record<string, unknown>, connection: Connection): Record<string, unknown> {
  const user = typeof state.user === 'object' && state.user !== null ? (state.user as Record<string, unknown>) : {};
  const name = typeof user.name === 'string' ? user.name.slice(0, 80) : '';
  const color = typeof user.color === 'string' ? user.color.slice(0, 16) : '';
  const verified = { id: connection.verifiedParticipant ?? '', name, color };
  if (connection.role === 'view' || connection.verifiedParticipant === null) {
    return { user: verified, role: connection.role, facilitating: false, cursor: null, selection: [] };
  }
  return { ...state, user: verified, role: connection.role, facilitating: connection.role === 'facilitate' };
}

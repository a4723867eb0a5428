// A browser as the relay sees it, without y-websocket: a raw socket with a role's secret
// and (optionally) a participant id and secret, which decodes EVERY message it is sent —
// sync updates into its own doc, awareness into its own Awareness, workshop notices into
// a list — so a test can assert on all of it. Its doc's own changes go to the relay.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { ACCESS_KEY_PARAM, type Role } from '../../shared/access.ts';
import { messageStored, messageWorkshop, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM } from '../../shared/protocol.ts';
import { encodeWorkshopRequest, readWorkshopNotice, type WorkshopNotice, type WorkshopRequest } from '../../shared/workshopMessages.ts';
import { encodeStoredRequest, readStoredConfirmation } from '../../shared/storedConfirmation.ts';
import { messageAuth, messageAwareness, messageSync } from '../../server/relay/messages.ts';
import type { CloseInfo } from './rawSocket.ts';
import { accessOf, waitFor } from './relay.ts';

const REMOTE = Symbol('from the relay');

export interface WorkshopClientOptions {
  role?: Role;
  /** A link secret to use instead of the role's (a personal participant link's, say). */
  secret?: string;
  participant?: { id: string; secret: string };
}

export class WorkshopClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Every workshop notice received, in order. */
  readonly notices: WorkshopNotice[] = [];
  /** Every awareness state ever received, as JSON, for scanning. */
  readonly awarenessSeen: string[] = [];
  /** Every message the relay sent, byte for byte, in order (tests/integration/anonymity.test.ts decodes them all). */
  readonly received: Uint8Array[] = [];
  synced = false;
  closed: CloseInfo | null = null;
  private readonly socket: WebSocket;
  private nextToken = 1;
  /** Answers awaited to messageStored requests, by token; each resolves null if the socket closes first. */
  private readonly storedWaiters = new Map<number, (storedStateVector: Uint8Array | null) => void>();

  constructor(wsUrl: string, boardId: string, options: WorkshopClientOptions = {}) {
    this.awareness.setLocalState(null);
    const params = new URLSearchParams({ [ACCESS_KEY_PARAM]: options.secret ?? accessOf(boardId).secrets[options.role ?? 'edit'] });
    if (options.participant) {
      params.set(PARTICIPANT_ID_PARAM, options.participant.id);
      params.set(PARTICIPANT_SECRET_PARAM, options.participant.secret);
    }
    this.socket = new WebSocket(`${wsUrl}/${boardId}?${params}`);
    this.socket.binaryType = 'nodebuffer';
    this.socket.on('error', () => {});
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const resolve of this.storedWaiters.values()) resolve(null);
      this.storedWaiters.clear();
    });
    this.socket.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.socket.send(encoding.toUint8Array(encoder));
    });
    this.socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeUpdate(encoder, update);
      this.socket.send(encoding.toUint8Array(encoder));
    });
  }

  static async open(wsUrl: string, boardId: string, options: WorkshopClientOptions = {}): Promise<WorkshopClient> {
    const client = new WorkshopClient(wsUrl, boardId, options);
    await waitFor(() => client.synced, 5_000, 'a raw client to sync');
    return client;
  }

  send(request: WorkshopRequest): void {
    this.socket.send(encodeWorkshopRequest(request));
  }

  /** Sends an update made elsewhere (outside this client's doc), as a hostile browser could. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeUpdate(encoder, update);
    this.socket.send(encoding.toUint8Array(encoder));
  }

  /** Sends raw bytes as one websocket message. */
  sendRaw(message: Uint8Array): void {
    this.socket.send(message);
  }

  /**
   * Asks the relay whether everything this socket sent so far is handled and stored;
   * resolves with the stored state vector, or null when the socket closes first (or the
   * relay never answers a connection it does not trust, such as a view link: then after
   * `timeoutMs`). Since the relay answers on this socket after everything it relayed to
   * it before, the answer also means this client has received what the room applied so far.
   */
  stored(timeoutMs = 5_000): Promise<Uint8Array | null> {
    if (this.closed) return Promise.resolve(null);
    const token = this.nextToken++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.storedWaiters.delete(token);
        resolve(null);
      }, timeoutMs);
      this.storedWaiters.set(token, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.socket.send(encodeStoredRequest(token));
    });
  }

  /** Resolves with how the relay closed this socket. */
  whenClosed(): Promise<CloseInfo> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => this.socket.once('close', () => resolve(this.closed!)));
  }

  /** The socket under the client, for a test that must make it stop reading (a slow reader). */
  get rawSocket(): WebSocket {
    return this.socket;
  }

  /** The last notice of a kind, or undefined. */
  last<K extends WorkshopNotice['kind']>(kind: K): Extract<WorkshopNotice, { kind: K }> | undefined {
    return this.notices.filter((notice) => notice.kind === kind).at(-1) as Extract<WorkshopNotice, { kind: K }> | undefined;
  }

  close(): Promise<void> {
    this.awareness.destroy();
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private receive(message: Uint8Array): void {
    this.received.push(message);
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync: {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageSync);
        const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, REMOTE);
        if (syncType === syncProtocol.messageYjsSyncStep1) this.socket.send(encoding.toUint8Array(encoder));
        if (syncType === syncProtocol.messageYjsSyncStep2) this.synced = true;
        return;
      }
      case messageAwareness: {
        const update = decoding.readVarUint8Array(decoder);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
        for (const state of this.awareness.getStates().values()) this.awarenessSeen.push(JSON.stringify(state));
        return;
      }
      case messageAuth:
        return;
      case messageWorkshop:
        this.notices.push(readWorkshopNotice(decoder));
        return;
      case messageStored: {
        const { token, storedStateVector } = readStoredConfirmation(decoder);
        this.storedWaiters.get(token)?.(storedStateVector);
        this.storedWaiters.delete(token);
        return;
      }
      default:
        throw new Error(`The relay sent a message of unknown type ${type}.`);
    }
  }
}

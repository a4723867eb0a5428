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
import { messageWorkshop, PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM } from '../../shared/protocol.ts';
import { encodeWorkshopRequest, readWorkshopNotice, type WorkshopNotice, type WorkshopRequest } from '../../shared/workshopMessages.ts';
import { messageAuth, messageAwareness, messageSync } from '../../server/relay/messages.ts';
import type { CloseInfo } from './rawSocket.ts';
import { accessOf, waitFor } from './relay.ts';

const REMOTE = Symbol('from the relay');

export interface WorkshopClientOptions {
  role?: Role;
  participant?: { id: string; secret: string };
}

export class WorkshopClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Every workshop notice received, in order. */
  readonly notices: WorkshopNotice[] = [];
  /** Every awareness state ever received, as JSON, for scanning. */
  readonly awarenessSeen: string[] = [];
  synced = false;
  closed: CloseInfo | null = null;
  private readonly socket: WebSocket;

  constructor(wsUrl: string, boardId: string, options: WorkshopClientOptions = {}) {
    this.awareness.setLocalState(null);
    const params = new URLSearchParams({ [ACCESS_KEY_PARAM]: accessOf(boardId).secrets[options.role ?? 'edit'] });
    if (options.participant) {
      params.set(PARTICIPANT_ID_PARAM, options.participant.id);
      params.set(PARTICIPANT_SECRET_PARAM, options.participant.secret);
    }
    this.socket = new WebSocket(`${wsUrl}/${boardId}?${params}`);
    this.socket.binaryType = 'nodebuffer';
    this.socket.on('error', () => {});
    this.socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
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
      default:
        throw new Error(`The relay sent a message of unknown type ${type}.`);
    }
  }
}

// A process of light benchmark clients for relay.bench.ts, driven over IPC. Each client is
// a bare websocket with a tiny Y.Doc of its own: it adds one note, then retypes its text
// at a steady rate. It never applies what it receives (a process applying every update
// of 50 people saturates before the relay does, STACK-NOTES.md); it only finds the send
// time written into the note's text and records how long the update took to arrive.
// The same clients drive every relay; only the framing differs (relayWire.ts): our relay
// and the stock y-websocket server speak y-websocket's, Hocuspocus its own.
// For the cluster bench (cluster.bench.ts) a client may also say which relay it is on, so
// latencies between relays are told apart, and ask our relay to confirm its edits as
// stored (message type 7) as the browser's save tracker does.
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addBelief, setBeliefText } from '../../shared/model.ts';
import { messageStored } from '../../shared/protocol.ts';
import { encodeStoredRequest, readStoredConfirmation } from '../../shared/storedConfirmation.ts';
import { LatencyHistogram } from './latencyHistogram.ts';
import { openingMessages, readAuthAnswer, updateMessage, type Wire } from './relayWire.ts';

export interface ClientPlan {
  /** The websocket address, query included (our relay: the link secret, `me` and `p`). */
  url: string;
  /** "c<n>", or "c<n>-r<relay>" with `relay`: the marker in the note's text starts with it. */
  name: string;
  /** The note's author: the participant id, the same length for every relay. */
  authorId: string;
  wire: Wire;
  /** Which relay of a cluster the client is on; its name must end in "-r<relay>". */
  relay?: number;
  /** Ask our relay to confirm edits as stored, one request in flight (client/state/saveTracker.ts). */
  confirm?: boolean;
}

export type ClientsCommand =
  | { type: 'connect'; clients: ClientPlan[] }
  | { type: 'run'; perClientHz: number; durationMs: number; graceMs: number }
  | { type: 'close' };

export type ClientsReply =
  | { type: 'connected' }
  | {
      type: 'ran';
      sent: number;
      received: number;
      histogram: [number, number][];
      /** The deliveries whose sender was on another relay (clients with `relay` only). */
      crossRelayHistogram: [number, number][];
      /** Edit → its confirmation as stored (clients with `confirm` only). */
      confirmHistogram: [number, number][];
      /** Each client's last edit, by name: its marker's send time. */
      lastSent: Record<string, number>;
      /** For each client, the latest edit of each other client it received (send times, by name). */
      lastSeen: Record<string, Record<string, number>>;
    }
  | { type: 'failed'; error: string };

const ORIGIN = 'bench';
/** Behind schedule by more than this, a client skips the missed edits instead of bursting. */
const MAX_CATCH_UP_MS = 50;

/** The same clock in every process on this machine, in milliseconds with microseconds. */
const now = () => performance.timeOrigin + performance.now();

/**
 * The note's text carries "<name>@<send time>" between brackets. The brackets alternate
 * between edits, so the model's diff (shared prefix and suffix kept) replaces the whole
 * text and the marker travels whole, as one string inside the update.
 */
const BRACKETS = [
  ['[', ']'],
  ['{', '}'],
] as const;

class BenchClient {
  private readonly doc: Y.Doc;
  private readonly beliefId: string;
  private edits = 0;
  /** The stored request in flight: its token and when the edit it follows was made. */
  private confirming: { token: number; at: number } | null = null;
  private nextToken = 1;
  next = 0;
  /** The send time in its last edit's marker. */
  lastSentAt = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly name: string,
    authorId: string,
    doc: Y.Doc,
    wire: Wire,
    private readonly confirm: boolean,
    /** The latest marker received from each other client (filled by onMessage). */
    readonly lastSeen: Record<string, number>,
  ) {
    this.doc = doc;
    this.doc.on('update', (update: Uint8Array) => socket.send(updateMessage(wire, update)));
    this.beliefId = addBelief(this.doc, { text: '', x: 0, y: 0, authorId }, ORIGIN);
  }

  edit(): void {
    const [open, close] = BRACKETS[this.edits++ % 2];
    const at = now().toFixed(3);
    this.lastSentAt = Number(at);
    setBeliefText(this.doc, this.beliefId, `${open}${this.name}@${at}${close}`, ORIGIN);
    // As the save tracker does: the request follows the update on the socket, and edits made
    // while one is in flight wait for the next (here: the next edit's) request.
    if (this.confirm && !this.confirming) {
      this.confirming = { token: this.nextToken++, at: now() };
      this.socket.send(encodeStoredRequest(this.confirming.token));
    }
  }

  /** A stored confirmation from the relay (message type 7). */
  confirmed(data: Buffer): void {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    const { token } = readStoredConfirmation(decoder);
    if (this.confirming?.token !== token) return;
    confirmHistogram.add(now() - this.confirming.at);
    this.confirming = null;
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

const clients: BenchClient[] = [];
let histogram = new LatencyHistogram();
let crossRelayHistogram = new LatencyHistogram();
let confirmHistogram = new LatencyHistogram();
let received = 0;

/** The relay in a name "c<n>-r<relay>", or null. */
const relayOf = (name: string) => {
  const match = /-r(\d+)$/.exec(name);
  return match ? Number(match[1]) : null;
};

/**
 * Records the latency of every marker in a relayed message but the client's own echo. A
 * message may carry several: a relay of a cluster passes on what another stored as one
 * merged update per batch. Not every edit arrives as text: a marker inserted and deleted
 * within one such batch arrives as deleted content, without its text (Yjs drops it), so a
 * cluster's receivers see fewer markers than were sent, and `lastSeen` (has every client
 * got everyone's last edit?) is what tells an update lost from one superseded.
 */
function onMessage(own: string, ownRelay: number | null, lastSeen: Record<string, number>, data: Buffer): void {
  const arrived = now();
  for (const [open, close] of BRACKETS) {
    // Names start with "c"; a bracket byte elsewhere in the binary update is skipped.
    for (let start = data.indexOf(`${open}c`); start >= 0; start = data.indexOf(`${open}c`, start + 1)) {
      const end = data.indexOf(close, start);
      if (end < 0) break;
      const marker = data.toString('latin1', start + 1, end);
      const at = marker.lastIndexOf('@');
      const sent = Number(marker.slice(at + 1));
      if (at < 0 || !Number.isFinite(sent)) continue;
      const sender = marker.slice(0, at);
      if (sender === own) continue;
      lastSeen[sender] = Math.max(lastSeen[sender] ?? 0, sent);
      histogram.add(arrived - sent);
      if (ownRelay !== null && relayOf(sender) !== ownRelay) crossRelayHistogram.add(arrived - sent);
      received++;
    }
  }
}

/** Hocuspocus holds a document's messages until it has authenticated the connection for it. */
const AUTH_TIMEOUT_MS = 30_000;

function connect({ url, name, authorId, wire, relay, confirm = false }: ClientPlan): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'nodebuffer';
    const doc = new Y.Doc();
    let timer: NodeJS.Timeout | undefined;
    let client: BenchClient | null = null;
    const lastSeen: Record<string, number> = {};
    const ready = (made: BenchClient) => resolve((client = made));
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`${name}: the relay closed the connection (${code} ${reason.toString()})`)));
    socket.on('message', (data: Buffer) => {
      if (confirm && data[0] === messageStored) client?.confirmed(data);
      else onMessage(name, relay ?? null, lastSeen, data);
    });
    socket.once('open', () => {
      for (const message of openingMessages(wire, doc)) socket.send(message);
      if (wire.kind !== 'hocuspocus') return ready(new BenchClient(socket, name, authorId, doc, wire, confirm, lastSeen));
      timer = setTimeout(() => reject(new Error(`${name}: no answer to the Auth message in ${AUTH_TIMEOUT_MS} ms`)), AUTH_TIMEOUT_MS);
      const onAuth = (data: Buffer) => {
        const answer = readAuthAnswer(wire, data);
        if (!answer) return;
        clearTimeout(timer);
        socket.off('message', onAuth);
        if (answer.answer === 'authenticated') ready(new BenchClient(socket, name, authorId, doc, wire, confirm, lastSeen));
        else reject(new Error(`${name}: Hocuspocus denied the connection: ${answer.detail}`));
      };
      socket.on('message', onAuth);
    });
  });
}

async function run(perClientHz: number, durationMs: number, graceMs: number): Promise<ClientsReply> {
  histogram = new LatencyHistogram();
  crossRelayHistogram = new LatencyHistogram();
  confirmHistogram = new LatencyHistogram();
  received = 0;
  let sent = 0;
  const interval = 1000 / perClientHz;
  const started = performance.now();
  // Spread the clients' edits evenly over one interval, so they do not all fire together.
  clients.forEach((client, i) => (client.next = started + (i / clients.length) * interval));
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const t = performance.now();
      if (t - started >= durationMs) {
        clearInterval(tick);
        resolve();
        return;
      }
      for (const client of clients) {
        if (client.next < t - MAX_CATCH_UP_MS) client.next = t;
        while (client.next <= t) {
          client.edit();
          sent++;
          client.next += interval;
        }
      }
    }, 1);
  });
  await new Promise((resolve) => setTimeout(resolve, graceMs));
  return {
    type: 'ran',
    sent,
    received,
    histogram: histogram.entries(),
    crossRelayHistogram: crossRelayHistogram.entries(),
    confirmHistogram: confirmHistogram.entries(),
    lastSent: Object.fromEntries(clients.map((client) => [client.name, client.lastSentAt])),
    lastSeen: Object.fromEntries(clients.map((client) => [client.name, client.lastSeen])),
  };
}

process.on('message', (command: ClientsCommand) => {
  const reply = (message: ClientsReply) => process.send!(message);
  switch (command.type) {
    case 'connect':
      Promise.all(command.clients.map(connect)).then(
        (connected) => {
          clients.push(...connected);
          reply({ type: 'connected' });
        },
        (error: unknown) => reply({ type: 'failed', error: String(error) }),
      );
      return;
    case 'run':
      void run(command.perClientHz, command.durationMs, command.graceMs).then(reply);
      return;
    case 'close':
      for (const client of clients) client.close();
      process.disconnect();
      return;
  }
});

// A process of light benchmark clients for relay.bench.ts, driven over IPC. Each client is
// a bare websocket with a tiny Y.Doc of its own: it adds one note, then retypes its text
// at a steady rate. It never applies what it receives (a process applying every update
// of 50 people saturates before the relay does, STACK-NOTES.md); it only finds the send
// time written into the note's text and records how long the update took to arrive.
// The same clients drive every relay; only the framing differs (relayWire.ts): our relay
// and the stock y-websocket server speak y-websocket's, Hocuspocus its own.
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addBelief, setBeliefText } from '../../shared/model.ts';
import { LatencyHistogram } from './latencyHistogram.ts';
import { openingMessages, readAuthAnswer, updateMessage, type Wire } from './relayWire.ts';

export interface ClientPlan {
  /** The websocket address, query included (our relay: the link secret, `me` and `p`). */
  url: string;
  /** "c<n>": the marker in the note's text starts with it. */
  name: string;
  /** The note's author: the participant id, the same length for every relay. */
  authorId: string;
  wire: Wire;
}

export type ClientsCommand =
  | { type: 'connect'; clients: ClientPlan[] }
  | { type: 'run'; perClientHz: number; durationMs: number; graceMs: number }
  | { type: 'close' };

export type ClientsReply =
  | { type: 'connected' }
  | { type: 'ran'; sent: number; received: number; histogram: [number, number][] }
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
  next = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly name: string,
    authorId: string,
    doc: Y.Doc,
    wire: Wire,
  ) {
    this.doc = doc;
    this.doc.on('update', (update: Uint8Array) => socket.send(updateMessage(wire, update)));
    this.beliefId = addBelief(this.doc, { text: '', x: 0, y: 0, authorId }, ORIGIN);
  }

  edit(): void {
    const [open, close] = BRACKETS[this.edits++ % 2];
    setBeliefText(this.doc, this.beliefId, `${open}${this.name}@${now().toFixed(3)}${close}`, ORIGIN);
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

const clients: BenchClient[] = [];
let histogram = new LatencyHistogram();
let received = 0;

/** Records the latency of the marker in a relayed message, unless it is the client's own echo. */
function onMessage(own: string, data: Buffer): void {
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
      if (marker.slice(0, at) === own) return;
      histogram.add(arrived - sent);
      received++;
      return;
    }
  }
}

/** Hocuspocus holds a document's messages until it has authenticated the connection for it. */
const AUTH_TIMEOUT_MS = 30_000;

function connect({ url, name, authorId, wire }: ClientPlan): Promise<BenchClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'nodebuffer';
    const doc = new Y.Doc();
    let timer: NodeJS.Timeout | undefined;
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`${name}: the relay closed the connection (${code} ${reason.toString()})`)));
    socket.on('message', (data) => onMessage(name, data as Buffer));
    socket.once('open', () => {
      for (const message of openingMessages(wire, doc)) socket.send(message);
      if (wire.kind !== 'hocuspocus') return resolve(new BenchClient(socket, name, authorId, doc, wire));
      timer = setTimeout(() => reject(new Error(`${name}: no answer to the Auth message in ${AUTH_TIMEOUT_MS} ms`)), AUTH_TIMEOUT_MS);
      const onAuth = (data: Buffer) => {
        const answer = readAuthAnswer(wire, data);
        if (!answer) return;
        clearTimeout(timer);
        socket.off('message', onAuth);
        if (answer.answer === 'authenticated') resolve(new BenchClient(socket, name, authorId, doc, wire));
        else reject(new Error(`${name}: Hocuspocus denied the connection: ${answer.detail}`));
      };
      socket.on('message', onAuth);
    });
  });
}

async function run(perClientHz: number, durationMs: number, graceMs: number): Promise<ClientsReply> {
  histogram = new LatencyHistogram();
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
  return { type: 'ran', sent, received, histogram: histogram.entries() };
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

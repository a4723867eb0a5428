// A process of idle-but-present clients for capacity.bench.ts: each is a bare websocket
// with an Awareness of its own (a name and a colour), which y-protocols renews every 15 s
// as a browser's would; what arrives is counted, never decoded.
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { messageAwareness } from '../../server/relay/messages.ts';

export type CapacityCommand = { type: 'connect'; urls: string[] } | { type: 'count' } | { type: 'close' };

export type CapacityReply =
  | { type: 'connected'; opened: number; failed: number }
  | { type: 'counted'; open: number; closed: number; messages: number }
  | { type: 'failed'; error: string };

/** Sockets opened at once: more only queues them in the relay's accept backlog. */
const CONNECT_CONCURRENCY = 200;

const sockets: WebSocket[] = [];
const presences: Awareness[] = [];
let closed = 0;
let messages = 0;

function present(url: string, index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      const awareness = new Awareness(new Y.Doc());
      awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, messageAwareness);
        encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, added.concat(updated, removed)));
        if (socket.readyState === WebSocket.OPEN) socket.send(encoding.toUint8Array(encoder));
      });
      awareness.setLocalState({ user: { name: `Person ${index}`, color: '#1971c2' } });
      presences.push(awareness);
      sockets.push(socket);
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => closed++);
    socket.on('message', () => messages++);
  });
}

async function connectAll(urls: string[]): Promise<CapacityReply> {
  let opened = 0;
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < urls.length) {
      const index = next++;
      if (await present(urls[index], sockets.length + index)) opened++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, lane));
  return { type: 'connected', opened, failed };
}

process.on('message', (command: CapacityCommand) => {
  const reply = (message: CapacityReply) => process.send!(message);
  switch (command.type) {
    case 'connect':
      void connectAll(command.urls).then(reply);
      return;
    case 'count':
      reply({ type: 'counted', open: sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length, closed, messages });
      return;
    case 'close':
      for (const awareness of presences) awareness.destroy();
      for (const socket of sockets) socket.terminate();
      process.disconnect();
      return;
  }
});

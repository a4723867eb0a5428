// The browser's socket to the relay inflates compressed messages before y-websocket sees
// them (client/state/inflatingSocket.ts), over real sockets: a server of our own sends
// what a relay could — plain messages, compressed ones back to back, a compressed message
// whose inflated length is not what it said, one that does not inflate at all — and the
// socket must hand on each in the order it came, or close so the provider connects again.
import { deflateRawSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { inflatingWebSocket } from '../../client/state/inflatingSocket.ts';
import { messageCompressed } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/relay.ts';

let server: WebSocketServer | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A server that sends `messages` to whoever connects, in one go. */
async function serving(messages: Uint8Array[]): Promise<string> {
  server = new WebSocketServer({ port: 0 });
  server.on('connection', (socket) => {
    for (const message of messages) socket.send(message);
  });
  await new Promise((resolve) => server!.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A message of `bytes` bytes: its type, then a counter, so each is told apart. */
function plain(type: number, n: number, bytes = 16): Uint8Array {
  const message = new Uint8Array(bytes).fill(n % 256);
  message[0] = type;
  return message;
}

function compressed(message: Uint8Array, sayLength = message.length, deflated: Uint8Array = deflateRawSync(message)): Uint8Array {
  return encoding.encode((encoder) => {
    encoding.writeVarUint(encoder, messageCompressed);
    encoding.writeVarUint(encoder, sayLength);
    encoding.writeVarUint8Array(encoder, deflated);
  });
}

/** Connects an inflating socket as y-websocket does, and keeps what its onmessage is handed. */
function connect(url: string) {
  const Socket = inflatingWebSocket(WebSocket as unknown as typeof globalThis.WebSocket);
  const socket = new Socket(url);
  socket.binaryType = 'arraybuffer';
  const handed: Uint8Array[] = [];
  let closed = false;
  socket.onmessage = (event: MessageEvent) => handed.push(new Uint8Array(event.data as ArrayBuffer));
  socket.onclose = () => {
    closed = true;
  };
  return { socket, handed, closed: () => closed };
}

describe('the inflating socket', () => {
  it('hands on compressed messages inflated, each in the order it came among plain ones', async () => {
    const big = (n: number) => plain(0, n, 300_000);
    const sent = [plain(1, 1), big(2), plain(0, 3), plain(1, 4), big(5), big(6), plain(7, 7)];
    const wire = sent.map((message) => (message.length > 1_000 ? compressed(message) : message));
    expect(wire.filter((message) => message[0] === messageCompressed)).toHaveLength(3);
    const { socket, handed } = connect(await serving(wire));
    await waitFor(() => handed.length === sent.length, 5_000, 'every message');
    // As text: comparing the byte arrays element by element takes seconds.
    const text = (messages: Uint8Array[]) => messages.map((message) => Buffer.from(message).toString('base64'));
    expect(text(handed)).toEqual(text(sent));
    socket.close();
  });

  it('closes, handing on nothing after it, when a compressed message is not what it says', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // Bytes that do not compress (xorshift), so that half of their deflated form lacks the rest.
      let x = 2_463_534_242;
      const message = plain(0, 9, 5_000).map((byte, i) => {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        return i === 0 ? byte : x & 255;
      });
      for (const bad of [
        compressed(message, message.length + 1),
        compressed(message, message.length - 1),
        compressed(message, message.length, Uint8Array.of(1, 2, 3, 4, 5)),
        compressed(message, message.length, deflateRawSync(message).subarray(0, 2_500)),
      ]) {
        const { handed, closed } = connect(await serving([plain(1, 1), bad, plain(1, 2)]));
        await waitFor(closed, 5_000, 'the socket to close');
        expect(handed, 'only what came before it').toEqual([plain(1, 1)]);
        await new Promise((resolve) => server!.close(resolve));
        server = null;
      }
      expect(error).toHaveBeenCalledTimes(4);
    } finally {
      error.mockRestore();
    }
  });
});

// The relay frames a message once for everyone it goes to (server/relay/frames.ts): the
// bytes must be what a websocket client reads as that one binary message, at every length
// where the frame header changes size, and a socket must carry them between ws's own frames.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver, WebSocket, WebSocketServer } from 'ws';
import { binaryFrame, SharedFrame } from '../../server/relay/frames.ts';

function readFrames(bytes: Buffer): Promise<{ data: Buffer; isBinary: boolean }[]> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    const messages: { data: Buffer; isBinary: boolean }[] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => messages.push({ data, isBinary }));
    receiver.on('error', reject);
    receiver.write(bytes, () => resolve(messages));
  });
}

const bytesOfLength = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + 3) & 0xff);

describe('frames the relay writes itself', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])('a %i-byte message reads back whole, as one binary message', async (length) => {
    const message = bytesOfLength(length);
    const [read, ...rest] = await readFrames(binaryFrame(message));
    expect(rest).toEqual([]);
    expect(read.isBinary).toBe(true);
    expect(new Uint8Array(read.data)).toEqual(message);
  });

  it('frames once, however many sockets it goes to', () => {
    const shared = new SharedFrame(bytesOfLength(10));
    expect(shared.frame).toBe(shared.frame);
  });

  let server: WebSocketServer | null = null;
  afterEach(() => server?.close());

  it('a client reads the relay’s frames in order with the ones ws sends on the same socket', async () => {
    let serverSide: { ws: WebSocket; tcp: Socket } | null = null;
    server = new WebSocketServer({ port: 0, perMessageDeflate: false });
    server.on('connection', (ws, request) => {
      serverSide = { ws, tcp: request.socket as Socket };
    });
    await once(server, 'listening');
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received: number[] = [];
    client.on('message', (data: Buffer) => received.push(data[0]));
    await once(client, 'open');
    await expect.poll(() => serverSide).not.toBeNull();
    const { ws, tcp } = serverSide!;
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0) ws.send(Uint8Array.of(i));
      else new SharedFrame(Uint8Array.of(i)).writeTo(tcp);
    }
    await expect.poll(() => received.length).toBe(20);
    expect(received).toEqual(Array.from({ length: 20 }, (_, i) => i));
    client.close();
  });
});

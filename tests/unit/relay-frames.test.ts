// The relay frames a message once for everyone it goes to (server/relay/frames.ts): a
// websocket client must read the bytes as that one binary message, at every length where
// the frame header changes size, in order with the frames ws itself sends on the socket.
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedFrame } from '../../server/relay/frames.ts';

const bytesOfLength = (length: number, seed = 3) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

describe('frames the relay writes itself', () => {
  let server: WebSocketServer;
  let client: WebSocket;
  let serverSide: { ws: WebSocket; tcp: Socket };
  const received: { data: Buffer; isBinary: boolean }[] = [];

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, perMessageDeflate: false });
    const connected = once(server, 'connection') as Promise<[WebSocket, { socket: Socket }]>;
    await once(server, 'listening');
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    client.on('message', (data: Buffer, isBinary: boolean) => received.push({ data, isBinary }));
    const [ws, request] = await connected;
    serverSide = { ws, tcp: request.socket };
    await once(client, 'open');
  });

  afterAll(() => {
    client.close();
    server.close();
  });

  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])('a %i-byte message arrives whole, as one binary message', async (length) => {
    received.length = 0;
    const message = bytesOfLength(length);
    new SharedFrame(message).writeTo(serverSide.tcp);
    await expect.poll(() => received.length).toBe(1);
    expect(received[0].isBinary).toBe(true);
    expect(new Uint8Array(received[0].data)).toEqual(message);
  });

  it('arrives in order with what ws sends on the same socket', async () => {
    received.length = 0;
    for (let i = 0; i < 20; i++) {
      const message = bytesOfLength(i * 50, i);
      if (i % 2 === 0) serverSide.ws.send(message);
      else new SharedFrame(message).writeTo(serverSide.tcp);
    }
    await expect.poll(() => received.length).toBe(20);
    received.forEach(({ data }, i) => expect(new Uint8Array(data)).toEqual(bytesOfLength(i * 50, i)));
  });

  it('frames once, however many sockets it goes to', () => {
    const shared = new SharedFrame(bytesOfLength(10));
    expect(shared.frame).toBe(shared.frame);
  });
});

// A TCP proxy in front of the relay whose websocket traffic a test can cut and restore,
// like a train tunnel: the browser's sockets die and new ones are refused, while plain
// HTTP (the page itself) still loads, so a page can be reloaded with the relay out of reach.
// Unplugged, it refuses HTTP too: the page can then come only from the service worker.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WS_PATH } from '../../shared/protocol.ts';

export interface CuttableProxy {
  /** http://127.0.0.1:port, to open pages through. */
  url: string;
  /** Drops every open websocket and refuses new ones. */
  cut(): void;
  /** No network at all: drops every connection, the page's HTTP too, and refuses new ones. */
  unplug(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  let cut = false;
  let unplugged = false;
  const sockets = new Set<net.Socket>();
  const websockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (unplugged) {
      client.destroy();
      return;
    }
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first) => {
      const isWebsocket = first.toString('latin1', 0, 64).startsWith(`GET ${WS_PATH}/`);
      if (isWebsocket && cut) {
        client.destroy();
        return;
      }
      const upstream = net.connect(targetPort, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      if (isWebsocket) {
        websockets.add(client);
        client.on('close', () => websockets.delete(client));
      }
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      cut = true;
      for (const socket of websockets) socket.destroy();
    },
    unplug() {
      unplugged = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
      unplugged = false;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

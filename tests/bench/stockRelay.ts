// The baseline for tests/bench/relay.bench.ts and capacity.bench.ts: the stock y-websocket
// server (@y/websocket-server 0.1.1, the last release on Yjs 13) as its own server.js runs
// it — one shared doc per path, no limits, no access checks, and no store unless
// YPERSISTENCE was set before this module loaded (durableStockRelay.ts does; the benchmarks
// clear it otherwise). Prints the same "running at" line as our relay, so
// tests/helpers/childRelay.ts starts both.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { getPersistence, setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const store = getPersistence() ? `LevelDB in ${process.env.YPERSISTENCE}` : 'no store';
  console.log(`stock y-websocket server running at http://127.0.0.1:${(server.address() as AddressInfo).port} (${store})`);
});
process.on('SIGTERM', () => process.exit(0));

// The benchmark sends SIGUSR2 before it reads this process's memory: a full collection
// first, so both relays are measured by what they keep, not by garbage not yet collected.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());

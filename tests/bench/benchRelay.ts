// The relay for the benchmarks (load, relay, capacity): server/main.ts's server with the
// per-network limits raised, since every benchmark client comes from 127.0.0.1 (a real
// crowd comes from many addresses); connections up to the machine's open-file limit.
// Every other limit stays at its default.
import { startServer } from '../../server/app.ts';

const BENCH_IDLE_UNLOAD_MS = 1_000;

const server = await startServer({
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  dataDir: process.env.DATA_DIR!,
  staticDir: null,
  idleUnloadMs: BENCH_IDLE_UNLOAD_MS,
  limits: { maxConnectionsPerIp: 20_000, maxBoardsPerIpPerMinute: 10_000 },
  log: () => {},
});
console.log(`Beliefmap is running at ${server.url}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// The benchmark sends SIGUSR2 before it reads this process's memory: a full collection
// first, so both relays are measured by what they keep, not by garbage not yet collected.
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on('SIGUSR2', () => collect());

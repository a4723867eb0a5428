// `npm start` and `npm run serve`: reads the environment, starts the server, prints where
// to open it, and shuts down cleanly (every accepted change written) on Ctrl-C or SIGTERM.
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parseAllowedOrigins } from './access/origin.ts';
import { parseTrustedProxies } from './access/clientAddress.ts';
import { startServer, type RunningServer } from './app.ts';
import type { RelayLimits } from './limits/relayLimits.ts';
import { RedisBus } from './cluster/redisBus.ts';
import { LeveldbStore } from './store/leveldbStore.ts';
import { PgStore } from './store/pgStore.ts';

const DEFAULT_PORT = 8080;

function portFromEnv(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`PORT must be a number from 0 to 65535, not "${raw}".`);
    process.exit(1);
  }
  return port;
}

/** The limits an operator may set (README): connections per board and per address, read-only answers per address. */
function limitsFromEnv(): Partial<RelayLimits> {
  const limits: Partial<RelayLimits> = {};
  for (const [name, key] of [
    ['MAX_CONNECTIONS_PER_BOARD', 'maxConnectionsPerBoard'],
    ['MAX_CONNECTIONS_PER_IP', 'maxConnectionsPerIp'],
    ['MAX_READS_PER_IP', 'maxReadsPerIp'],
  ] as const) {
    const raw = process.env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) {
      console.error(`${name} must be a whole number of at least 1, not "${raw}".`);
      process.exit(1);
    }
    limits[key] = value;
  }
  return limits;
}

/** Addresses other machines on the LAN can use, for a workshop with HOST=0.0.0.0. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}

// A promise nobody handled is a bug, not a reason to take every board offline: it is
// logged, and the relay goes on serving (the code paths fed by sockets handle their own
// errors; this is the net under them).
process.on('unhandledRejection', (reason) => {
  console.error(`Unhandled rejection (the relay carries on): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

const port = portFromEnv();
const host = process.env.HOST || '127.0.0.1';
const dataDir = path.resolve(process.env.DATA_DIR || 'data');

const databaseUrl = process.env.DATABASE_URL || '';
const redisUrl = process.env.REDIS_URL || '';
const log = (line: string) => console.log(line);

let server: RunningServer;
try {
  // One relay of a cluster with DATABASE_URL (PostgreSQL, the record) and REDIS_URL (the
  // bus to the others); one process on the embedded store otherwise (docs/deploy.md).
  const store = databaseUrl ? await PgStore.open(databaseUrl, log) : await LeveldbStore.openIn(dataDir);
  let bus: RedisBus | null = null;
  try {
    // The bus joins relays that share one record; with the embedded store there is none to share.
    bus = redisUrl && databaseUrl ? await RedisBus.connect(redisUrl, log, process.env.REDIS_PREFIX || undefined) : null;
  } catch (error) {
    await store.close();
    throw error;
  }
  server = await startServer({
    port,
    host,
    store,
    bus,
    log,
    allowedOrigins: parseAllowedOrigins(process.env.ALLOWED_ORIGINS),
    trustedProxies: parseTrustedProxies(process.env.TRUST_PROXY),
    limits: limitsFromEnv(),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error(`Port ${port} is already in use. Set PORT to another port, e.g. PORT=8081 npm start.`);
  else console.error(`Beliefmap could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`Beliefmap is running at ${server.url}`);
if (host === '0.0.0.0' || host === '::') {
  for (const address of lanAddresses()) console.log(`  on your network: http://${address}:${server.port}`);
}
if (databaseUrl) console.log(`Boards are kept in PostgreSQL${redisUrl ? ', and shared with the other relays through Redis' : ''}`);
else console.log(`Boards are kept in ${dataDir}`);
if (redisUrl && !databaseUrl) console.log('REDIS_URL is ignored without DATABASE_URL: relays share boards through PostgreSQL, so start each with both.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: saving boards and shutting down…`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`Shutdown failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

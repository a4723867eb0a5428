// `npm start` and `npm run serve`: reads the environment, starts the server, prints where
// to open it, and shuts down cleanly (every accepted change written) on Ctrl-C or SIGTERM.
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parseAllowedOrigins } from './access/origin.ts';
import { startServer, type RunningServer } from './app.ts';

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

let server: RunningServer;
try {
  server = await startServer({ port, host, dataDir, allowedOrigins: parseAllowedOrigins(process.env.ALLOWED_ORIGINS) });
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
console.log(`Boards are kept in ${dataDir}`);

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

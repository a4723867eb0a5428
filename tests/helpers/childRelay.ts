// The relay as a separate process, run as `npm start` runs it (server/main.ts bundled,
// scripts/serverBundle.mjs), so a test can SIGKILL it mid-write like a crash would, and
// restart it on the same port and data directory.
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { bundleServer } from '../../scripts/serverBundle.mjs';
import { secretFromFragment } from '../../shared/access.ts';
import { WS_PATH, type CreateBoardResponse } from '../../shared/protocol.ts';
import { atExit } from './exitCleanup.ts';

const STARTUP_TIMEOUT_MS = 15_000;

export interface RelayProcess {
  port: number;
  pid: number;
  /** http://127.0.0.1:port */
  url: string;
  /** ws://127.0.0.1:port/ws */
  wsUrl: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Our relay's entries — `npm start` (scripts/start.mjs), server/main.ts and the benchmarks'
 * tests/bench/benchRelay.ts (or another checkout's, RELAY_OURS_SCRIPT) — run bundled, as in
 * production, with the bundle's source maps; any other script (the rival relays' few lines
 * around their own packages) through tsx, as before.
 */
async function programOf(script: string): Promise<string[]> {
  // scripts/start.mjs, `npm start` itself, bundles for itself.
  if (script.endsWith('.mjs')) return [script];
  if (script !== 'server/main.ts' && path.basename(script) !== 'benchRelay.ts') return ['--import', 'tsx', script];
  // server/main.ts's bundle is the very file `npm start` runs (`npm run build` makes it).
  const name =
    script === 'server/main.ts' ? 'main' : `${path.basename(script, '.ts')}-${createHash('sha256').update(path.resolve(script)).digest('hex').slice(0, 8)}`;
  return ['--enable-source-maps', await bundleServer(script, name)];
}

/**
 * Starts the relay on `port` (0: any free port) over `dataDir`, resolving once it listens.
 * `script` is server/main.ts unless a benchmark needs other settings; `extraNodeArgs` go to node.
 */
export async function spawnRelay(
  dataDir: string,
  port = 0,
  script = 'server/main.ts',
  extraNodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<RelayProcess> {
  // RELAY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the relay alone;
  // NODE_OPTIONS cannot carry --cpu-prof.
  const nodeArgs = [...extraNodeArgs, ...(process.env.RELAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, ...(await programOf(script))], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const forget = atExit(() => child.kill('SIGKILL'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      forget();
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The relay did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (started) return;
      const listening = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!listening) return;
      started = true;
      clearTimeout(timer);
      const actualPort = Number(listening[1]);
      resolve(relayProcess(child, actualPort, () => output, exited));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The relay exited (code ${code}, signal ${signal}) before it listened:\n${output}`));
    });
  });
}

function relayProcess(
  child: ChildProcess,
  port: number,
  output: () => string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): RelayProcess {
  let stopping = false;
  // A relay that dies on its own takes every later test of its file with it: say why, once.
  void exited.then(({ code, signal }) => {
    if (!stopping) console.error(`[relay :${port}] exited by itself (code ${code}, signal ${signal}); its last output:\n${output().slice(-4_000)}`);
  });
  return {
    port,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${WS_PATH}`,
    output,
    stop(signal) {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Creates a board through the relay's HTTP API; returns its id and the participants' secret. */
export async function createBoardAt(url: string, title: string): Promise<{ id: string; editSecret: string }> {
  const response = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}: ${await response.text()}`);
  const { id, links } = (await response.json()) as CreateBoardResponse;
  const editSecret = secretFromFragment(new URL(links.edit, url).hash);
  if (!editSecret) throw new Error(`The board's edit link has no secret: ${links.edit}`);
  return { id, editSecret };
}

// `npm run dev`: the relay (without the client) on RELAY_PORT, and Vite's dev server with
// hot reload, which proxies /ws, /api and /healthz to it. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const relayPort = Number(process.env.RELAY_PORT ?? 8787);
const dataDir = path.resolve(root, process.env.DATA_DIR ?? 'data');

register();
const { startServer } = await import('../server/app.ts');
const relay = await startServer({ port: relayPort, host: '127.0.0.1', dataDir, staticDir: null });
console.log(`Relay running at ${relay.url} (boards in ${dataDir})`);

/** Vite's command-line entry; its package "exports" hide the bin path from resolve(). */
function viteCli() {
  const manifest = createRequire(import.meta.url).resolve('vite/package.json');
  return path.join(path.dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vite);
}

const vite = spawn(process.execPath, [viteCli()], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RELAY_PORT: String(relayPort) },
});

let stopping = false;
async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  if (vite.exitCode === null) vite.kill('SIGTERM');
  await relay.close();
  process.exit(exitCode);
}
vite.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

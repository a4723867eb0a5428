// `npm start`: builds the client when it is missing or older than its sources, then runs
// the server in this process (TypeScript through tsx, no separate compile step).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = path.join(root, 'dist', 'index.html');
const sources = ['client', 'shared', 'vite.config.ts'].map((entry) => path.join(root, entry));

/** Newest modification time under `entry` (a file or a directory tree). */
function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, child)));
  return newest;
}

/** Vite's command-line entry; its package "exports" hide the bin path from resolve(). */
function viteCli() {
  const manifest = createRequire(import.meta.url).resolve('vite/package.json');
  return path.join(path.dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vite);
}

function clientIsStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.some((source) => newestChange(source) > builtAt);
}

if (clientIsStale()) {
  console.log('Building the client (first start, or the sources changed)…');
  const build = spawnSync(process.execPath, [viteCli(), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The client build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');

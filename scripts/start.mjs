// `npm start`: builds the client when it is missing or older than its sources, bundles the
// server the same way (scripts/serverBundle.mjs says why a bundle), then runs it in this
// process.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleServer, isStale } from './serverBundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = path.join(root, 'dist', 'index.html');

/** Vite's command-line entry; its package "exports" hide the bin path from resolve(). */
function viteCli() {
  const manifest = createRequire(import.meta.url).resolve('vite/package.json');
  return path.join(path.dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vite);
}

if (isStale(builtIndex, ['client', 'shared', 'vite.config.ts'])) {
  console.log('Building the client (first start, or the sources changed)…');
  const build = spawnSync(process.execPath, [viteCli(), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The client build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
}

let server;
try {
  server = await bundleServer('server/main.ts', 'main');
} catch {
  console.error('Bundling the server failed; see the messages above.');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(server).href);

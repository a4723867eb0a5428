// The server as `npm start` runs it: server/main.ts and everything it imports from server/
// and shared/, bundled into one ES module by esbuild, with the npm packages left as
// imports. Why not TypeScript through tsx at run time, as before: tsx compiles every module
// as the process starts and keeps its compiler in the relay's memory, and (esbuild's
// keepNames, which tsx turns on) gives each named closure a property of its own. Measured
// (an empty data folder, three starts each): the relay listens after 0.53–0.62 s instead of
// 0.97–1.04 s, and holds 84–92 MB of RSS instead of 115–119. `npm run serve` still runs the
// sources through tsx, for development; `npm run build` bundles as well as building the client.
//
// node scripts/serverBundle.mjs: bundles server/main.ts now, stale or not.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where bundles go: beside dist/, so `new URL('../dist', import.meta.url)` in server/app.ts still finds the client. */
const SERVER_OUT_DIR = path.join(root, 'dist-server');

/** Newest modification time under `entry` (a file or a directory tree). */
function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, child)));
  return newest;
}

/** Whether `outfile` is missing or older than any of `sources` (paths from the project root). */
export function isStale(outfile, sources) {
  if (!existsSync(outfile)) return true;
  const builtAt = statSync(outfile).mtimeMs;
  return sources.some((source) => newestChange(path.resolve(root, source)) > builtAt);
}

/**
 * Bundles `entry` (a path from the project root, or absolute) to `SERVER_OUT_DIR/<name>.mjs`
 * when the bundle is missing or older than server/, shared/, tsconfig.json or the entry;
 * returns the bundle's path. Each file is written whole and then renamed into place, so
 * processes bundling at once (test workers) never read half a bundle.
 */
export async function bundleServer(entry, name, { force = false } = {}) {
  const outfile = path.join(SERVER_OUT_DIR, `${name}.mjs`);
  // An entry from another checkout (a benchmark comparing commits) imports that checkout's
  // server/ and shared/, whose changes this one cannot see: it is bundled every time.
  const elsewhere = path.relative(root, path.resolve(root, entry)).startsWith('..');
  if (!force && !elsewhere && !isStale(outfile, ['server', 'shared', 'tsconfig.json', entry])) return outfile;
  const result = await build({
    entryPoints: [path.resolve(root, entry)],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The packages stay imports, resolved from node_modules as before: one copy of Yjs for
    // the relay and its merge worker (server/store/offThreadMerge.ts resolves it by name).
    packages: 'external',
    // Stack traces in the relay's log name the TypeScript sources (start.mjs turns source maps on).
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  mkdirSync(SERVER_OUT_DIR, { recursive: true });
  // The map first: a bundle in place always has its map.
  for (const file of [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')))) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outfile = await bundleServer('server/main.ts', 'main', { force: true });
  console.log(`Bundled the server: ${path.relative(root, outfile)}`);
}

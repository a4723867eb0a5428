// The built client's JavaScript and CSS per route, raw and gzip: what a browser downloads
// to show the home page and a board page. Builds into a temp dir (never dist/) and reads
// Vite's manifest: a route is the entry, its page chunk (loaded lazily by App.tsx) and
// every chunk those import statically. Run: npm run bench -- bundle
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { printMachine, printTable, writeResults, type Row } from './report.ts';

const TARGET_BOARD_JS_GZIP_KB = 200;
/** The page modules App.tsx loads lazily, by route. */
const ROUTES = { home: 'home/HomePage.tsx', board: 'pages/BoardPage.tsx' } as const;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The files a chunk needs before it runs: itself and its static imports, transitively. */
function filesOf(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) filesOf(manifest, imported, into);
  return into;
}

const outDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-bundle-'));
try {
  printMachine();
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--manifest'], { stdio: 'ignore' });
  const manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)!;

  const rows: Row[] = [];
  for (const [route, page] of Object.entries(ROUTES)) {
    const files = filesOf(manifest, page, filesOf(manifest, entry));
    const size = { js: 0, jsGzip: 0, css: 0, cssGzip: 0 };
    for (const file of files) {
      const bytes = await readFile(path.join(outDir, file));
      // Each file is served (and compressed) on its own, so each is gzipped on its own.
      const gzip = gzipSync(bytes, { level: 9 }).length;
      if (file.endsWith('.js')) {
        size.js += bytes.length;
        size.jsGzip += gzip;
      } else if (file.endsWith('.css')) {
        size.css += bytes.length;
        size.cssGzip += gzip;
      }
    }
    const kb = (bytes: number) => bytes / 1024;
    rows.push({
      route,
      files: files.size,
      'JS KB': kb(size.js),
      'JS gzip KB': kb(size.jsGzip),
      'CSS KB': kb(size.css),
      'CSS gzip KB': kb(size.cssGzip),
      target: route === 'board' ? `≤ ${TARGET_BOARD_JS_GZIP_KB} KB gzip JS` : null,
      met: route === 'board' ? kb(size.jsGzip) <= TARGET_BOARD_JS_GZIP_KB : null,
    });
  }
  printTable('Client bundle per route', rows, 1);
  writeResults('bundle', { rows });
} finally {
  await rm(outDir, { recursive: true, force: true });
}

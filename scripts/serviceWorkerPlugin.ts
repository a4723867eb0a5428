// Builds /sw.js (client/serviceWorker/sw.js) for production: puts the list of files this
// build produced and a version derived from them above the worker's text. Any change to
// the app changes a hashed file name, so the version and thus the worker's bytes change,
// and browsers install the new worker, which replaces the old cache (docs/durability.md).
// Only at build time: under the Vite dev server there is no /sw.js and nothing registers it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const WORKER_SOURCE = new URL('../client/serviceWorker/sw.js', import.meta.url);
export const SERVICE_WORKER_FILE = 'sw.js';

/** Files the worker never keeps: source maps are for developers, index.html is kept as "/". */
function isShellFile(fileName: string): boolean {
  return fileName !== SERVICE_WORKER_FILE && fileName !== 'index.html' && !fileName.endsWith('.map') && !fileName.startsWith('.vite/');
}

export function serviceWorkerPlugin(): Plugin {
  return {
    name: 'beliefmap-service-worker',
    apply: 'build',
    // After Vite's own plugins, so index.html is in the bundle and counts towards the version.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter(isShellFile).sort();
      const version = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        if (name.endsWith('.map')) continue;
        const output = bundle[name];
        version.update(name);
        // index.html has no hash in its name; its text says which assets it loads.
        if (output.type === 'asset' && name === 'index.html') version.update(output.source);
      }
      const header =
        `const SHELL_VERSION = ${JSON.stringify(version.digest('hex').slice(0, 16))};\n` +
        `const SHELL_FILES = ${JSON.stringify(files.map((name) => `/${name}`))};\n`;
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: header + readFileSync(WORKER_SOURCE, 'utf8') });
    },
  };
}

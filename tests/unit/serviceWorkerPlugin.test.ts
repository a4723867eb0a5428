// The build step that writes /sw.js: what the worker keeps, and that a new build gets a
// new version (so browsers install the new worker and drop the old cache).
import { describe, expect, it } from 'vitest';
import { serviceWorkerPlugin } from '../../scripts/serviceWorkerPlugin.ts';

type FakeOutput = { type: 'asset'; source: string } | { type: 'chunk'; code: string };

/** Runs the plugin's generateBundle on a bundle of the given files; returns the emitted sw.js. */
function buildWorker(bundle: Record<string, FakeOutput>): string {
  const emitted: { fileName: string; source: string }[] = [];
  const hook = serviceWorkerPlugin().generateBundle as unknown as (this: unknown, options: unknown, bundle: unknown) => void;
  hook.call({ emitFile: (file: { fileName: string; source: string }) => emitted.push(file) }, {}, bundle);
  expect(emitted.map((file) => file.fileName)).toEqual(['sw.js']);
  return emitted[0].source;
}

function header(source: string): { version: string; files: string[] } {
  const version = /^const SHELL_VERSION = (".*");$/m.exec(source);
  const files = /^const SHELL_FILES = (\[.*\]);$/m.exec(source);
  if (!version || !files) throw new Error(`sw.js has no build header:\n${source.slice(0, 300)}`);
  return { version: JSON.parse(version[1]) as string, files: JSON.parse(files[1]) as string[] };
}

const BUILD: Record<string, FakeOutput> = {
  'index.html': { type: 'asset', source: '<script type="module" src="/assets/index-aaa.js"></script>' },
  'assets/index-aaa.js': { type: 'chunk', code: 'app' },
  'assets/index-aaa.js.map': { type: 'asset', source: '{}' },
  'assets/BoardPage-bbb.js': { type: 'chunk', code: 'board' },
  'assets/index-ccc.css': { type: 'asset', source: 'body{}' },
};

describe('service worker build', () => {
  it('lists every built file but source maps and index.html, and carries the worker code', () => {
    const source = buildWorker(BUILD);
    expect(header(source).files).toEqual(['/assets/BoardPage-bbb.js', '/assets/index-aaa.js', '/assets/index-ccc.css']);
    expect(source).toContain("addEventListener('fetch'");
    // The live parts of the app must never be answered from a cache.
    expect(source).toMatch(/NEVER_CACHED = .*api\|ws\|healthz/);
  });

  it('keeps the version while the build is the same and changes it with any file', () => {
    const same = header(buildWorker({ ...BUILD })).version;
    expect(header(buildWorker(BUILD)).version).toBe(same);
    const { 'assets/BoardPage-bbb.js': _old, ...rest } = BUILD;
    const changed = { ...rest, 'assets/BoardPage-ddd.js': { type: 'chunk', code: 'board 2' } as FakeOutput };
    expect(header(buildWorker(changed)).version).not.toBe(same);
    const newPage = { ...BUILD, 'index.html': { type: 'asset', source: '<title>new</title>' } as FakeOutput };
    expect(header(buildWorker(newPage)).version).not.toBe(same);
  });
});

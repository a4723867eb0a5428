// The production build (dist/, made by `npm run build` before these tests) ships no
// benchmark code: the naive renderer and the measuring hook live in the bench page
// (tests/bench/pages/), which has its own build. Checked in the minified chunks, by the
// names minifying keeps (window properties, the ?naive flag), and in the source maps, by
// the files the chunks were made from. The same check must find them in the bench page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Strings that survive minification and exist only in the benchmark's code. */
const BENCH_MARKERS = [/__beliefmapBench/, /takeRemoteApplyTimes/, /["'`]naive["'`]/];
/** Source files only the bench page is made of. */
const BENCH_SOURCES = /tests\/bench\/|NaiveNotes|NaiveStage|benchHook|benchMain|benchMode/;

function benchCodeIn(dir: string): string[] {
  const assets = path.join(dir, 'assets');
  const found: string[] = [];
  for (const file of readdirSync(assets)) {
    const text = readFileSync(path.join(assets, file), 'utf8');
    if (file.endsWith('.js')) {
      for (const marker of BENCH_MARKERS) if (marker.test(text)) found.push(`${file}: ${marker}`);
    } else if (file.endsWith('.js.map')) {
      const { sources } = JSON.parse(text) as { sources: string[] };
      for (const source of sources) if (BENCH_SOURCES.test(source)) found.push(`${file}: made from ${source}`);
    }
  }
  return found;
}

describe('the production build', () => {
  it('has no benchmark code', () => {
    if (!existsSync('dist/assets')) throw new Error('There is no dist/: run `npm run build` first (npm test and npm run test:e2e do).');
    expect(benchCodeIn('dist')).toEqual([]);
  });

  it('finds the benchmark code where it is: in the bench page', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-bench-page-check-'));
    try {
      execFileSync('npx', ['vite', 'build', '--config', 'tests/bench/pages/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--sourcemap'], { stdio: 'ignore' });
      const found = benchCodeIn(outDir).join('\n');
      for (const marker of BENCH_MARKERS) expect(found).toContain(String(marker));
      expect(found).toMatch(/made from .*NaiveNotes/);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});

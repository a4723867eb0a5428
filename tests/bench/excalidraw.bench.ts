// Our canvas and our cold load against Excalidraw 0.18.1 (issue 16): the board a team
// would otherwise draw its sticky notes on. Same machine, same Chromium, same window
// (1280×800), same boards, in one run:
//   - the boards: the notes of tests/bench/benchBoard.ts (texts from
//     /work/shared/data/sample-beliefs.json, every colour, the same jittered grid and
//     seeds as coldload.bench.ts — 2,000 notes — and canvas.bench.ts — 1,000 and 5,000).
//     For Excalidraw each note is a rectangle (200 wide, its fill, Excalidraw's defaults
//     otherwise) with the note's text bound to it at 16 px, made by Excalidraw itself in
//     the page (convertToExcalidrawElements) and kept as a .excalidraw file
//     (tests/bench/excalidraw/main.tsx). Excalidraw has no positions to show; ours
//     carries 30 (cold load) or 12 (canvas) people's positions on every note.
//   - cold load: navigation start → `board-first-render` for both (ours:
//     client/canvas/benchMode.ts; Excalidraw: the first frame after its canvas has drawn
//     the scene with every element of the file). Ours after a relay restart (the board
//     read from disk), Excalidraw's file fetched from a static server; each load in a
//     fresh browser context; the two alternate, 7 loads each; medians.
//   - canvas: main-thread work per frame while panning at zoom 0.5, panning over the
//     whole board and zooming 0.2 ↔ 1.5, by tests/bench/frameDriver.ts — the same script
//     canvas.bench.ts runs, each page exposing the same window.__beliefmapBench. Ours
//     on the bench page (pages/: the product's app with the hook); Excalidraw's canvas given the size of ours (the window less our
//     toolbar and belief list), so both draw the same area. 1,000 and 5,000 notes,
//     3 runs, the order of the two pages alternating; each page in a fresh context. The
//     first run also measures our naive baseline (`?naive`), the old floor. Cold load
//     is the product's own build, which has no bench code.
// Prints both side by side, writes tests/bench/results/excalidraw.json with every load
// and every run. Run: npx tsx tests/bench/excalidraw.bench.ts (or npm run bench -- rivals).
// EXCALIDRAW_QUICK=1: 1,000 notes only, one run, two loads each (to try the harness).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { NOTE_MIN_HEIGHT, NOTE_WIDTH } from '../../shared/schema.ts';
import { launchBrowser, saveScreenshot } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf } from '../helpers/relay.ts';
import { serveStatic, type StaticServer } from '../helpers/staticServer.ts';
import { buildBenchPage, buildBoard, buildClient, newcomerIdentityScript, OURS_READY_TO_DRIVE, relayWithBoards, type BuiltBoard } from './benchBoard.ts';
import type { BenchNote } from './excalidraw/main.tsx';
import { drive, SCENARIOS, scenarioOptions, type FrameResult, type Scenario } from './frameDriver.ts';
import { median, printMachine, printTable, writeResults, type Row } from './report.ts';

const QUICK = process.env.EXCALIDRAW_QUICK === '1';
const COLD_BELIEFS = 2_000;
const COLD_PARTICIPANTS = 30;
/** coldload.bench.ts's seed, so the 2,000-note board is the same one. */
const COLD_SEED = 3;
const COLD_LOADS = QUICK ? 2 : 7;
const CANVAS_SIZES = QUICK ? [1_000] : [1_000, 5_000];
const CANVAS_PARTICIPANTS = 12;
/** canvas.bench.ts's seeds (10 + index in 200 / 1,000 / 5,000), so the boards are the same. */
const CANVAS_SEED: Record<number, number> = { 200: 10, 1000: 11, 5000: 12 };
const CANVAS_RUNS = QUICK ? 1 : 3;
/** Our note text's size (client/canvas/noteText.ts NOTE_FONT_SIZE). */
const NOTE_FONT_SIZE = 16;
const WINDOW = { width: 1280, height: 800 };

/** naive: our naive baseline (canvas.bench.ts), the floor, in the first run only. */
type Mode = 'ours' | 'excalidraw' | 'naive';

const OUR_INIT_SCRIPT = `
globalThis.__name = (f) => f;
`;
const EXCALIDRAW_INIT_SCRIPT = 'globalThis.__name = (f) => f;';

const READ_MARK = `(() => {
  const mark = performance.getEntriesByName('board-first-render')[0];
  if (!mark) return null;
  const nav = performance.getEntriesByType('navigation')[0];
  const drawn = performance.getEntriesByName('excalidraw-full-draw')[0];
  return {
    firstRender: mark.startTime,
    detail: JSON.stringify(mark.detail),
    drawEnd: drawn ? drawn.startTime : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
  };
})()`;
const HAS_MARK = `performance.getEntriesByName('board-first-render').length > 0`;
const HAS_HOOK_AND_MARK = `!!window.__beliefmapBench && ${HAS_MARK}`;

/** Builds Excalidraw's bench page into a temp dir, with its fonts beside it (not from its CDN). */
function buildExcalidrawPage(): string {
  const outDir = path.join(tmpdir(), `beliefmap-excalidraw-${process.pid}-${Date.now()}`);
  execFileSync('npx', ['vite', 'build', '--config', 'tests/bench/excalidraw/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--manifest'], { stdio: 'ignore' });
  cpSync(path.resolve('node_modules/@excalidraw/excalidraw/dist/prod/fonts'), path.join(outDir, 'fonts'), { recursive: true });
  return outDir;
}

/** The JavaScript the page loads before it runs, gzip (as bundle.bench.ts counts ours). */
function pageJsGzipKb(outDir: string): number {
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;
  const files = new Set<string>();
  const add = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) add(imported);
  };
  for (const key of Object.keys(manifest)) if (manifest[key].isEntry) add(key);
  let bytes = 0;
  for (const file of files) if (file.endsWith('.js')) bytes += gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  return bytes / 1024;
}

function notesOf(board: BuiltBoard): BenchNote[] {
  return board.corners.map((corner, i) => ({
    x: corner.x,
    y: corner.y,
    width: NOTE_WIDTH,
    height: NOTE_MIN_HEIGHT,
    text: board.texts[i],
    fill: board.fills[i],
    fontSize: NOTE_FONT_SIZE,
  }));
}

/** Has Excalidraw make the board's scene and writes it into the page's folder; returns its path. */
async function writeScene(browser: Browser, site: StaticServer, dir: string, name: string, board: BuiltBoard): Promise<string> {
  const context = await browser.newContext({ viewport: WINDOW });
  await context.addInitScript(EXCALIDRAW_INIT_SCRIPT);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[excalidraw build] page error:', error.message));
  await page.goto(`${site.url}/?build`);
  await eventually(async () => (await page.evaluate('typeof window.__buildScene === "function"')) as boolean, 'the scene builder', 30_000);
  const json = (await page.evaluate(`window.__buildScene(${JSON.stringify(notesOf(board))})`)) as string;
  await context.close();
  const file = `scene-${name}.excalidraw`;
  writeFileSync(path.join(dir, file), json);
  const elements = (JSON.parse(json) as { elements: unknown[] }).elements.length;
  console.log(`Excalidraw scene ${file}: ${elements} elements, ${(json.length / 1024).toFixed(0)} KB`);
  return `/${file}`;
}

async function newPage(browser: Browser, mode: Mode): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: WINDOW });
  await context.addInitScript(mode === 'excalidraw' ? EXCALIDRAW_INIT_SCRIPT : OUR_INIT_SCRIPT + newcomerIdentityScript());
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${mode}] page error:`, error.message));
  return { page, close: () => context.close() };
}

/** Waits for `expression` in the page; on a timeout says what the page shows, and keeps a screenshot. */
async function waitFor(page: Page, expression: string, what: string, timeoutMs: number): Promise<void> {
  try {
    await eventually(async () => (await page.evaluate(expression)) as boolean, what, timeoutMs);
  } catch (error) {
    const shows = (await page.evaluate('document.body.innerText.slice(0, 400)').catch(() => '?')) as string;
    const file = await saveScreenshot(page, `excalidraw-bench-${what.replace(/\W+/g, '-')}.png`).catch(() => null);
    console.error(`${what}: not ready at ${page.url()}; the page shows: ${JSON.stringify(shows)}${file ? `; screenshot ${file}` : ''}`);
    throw error;
  }
}

function ourLink(baseUrl: string, boardId: string, search: '' | '?naive'): string {
  const link = new URL(accessOf(boardId).links.edit, baseUrl);
  link.search = search;
  return link.href;
}

function excalidrawLink(site: StaticServer, scene: string, canvas: { width: number; height: number }): string {
  return `${site.url}/?scene=${encodeURIComponent(scene)}&w=${canvas.width}&h=${canvas.height}`;
}

printMachine();
console.log(`Excalidraw 0.18.1 against ours: cold load of ${COLD_BELIEFS} notes (${COLD_LOADS} loads each), canvas at ${CANVAS_SIZES.join(' / ')} notes (${CANVAS_RUNS} runs)`);
const startedAt = performance.now();
const staticDir = await buildClient();
const benchPageDir = await buildBenchPage();
const excalidrawDir = buildExcalidrawPage();
const excalidrawJsGzipKb = pageJsGzipKb(excalidrawDir);
console.log(`built both pages in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; Excalidraw's page JS ${excalidrawJsGzipKb.toFixed(1)} KB gzip`);
const coldBoard = buildBoard({ beliefs: COLD_BELIEFS, participants: COLD_PARTICIPANTS, seed: COLD_SEED });
const canvasBoards = CANVAS_SIZES.map((beliefs) => buildBoard({ beliefs, participants: CANVAS_PARTICIPANTS, seed: CANVAS_SEED[beliefs] }));
const site = await serveStatic(excalidrawDir);

let browser: Browser | null = null;
let failed = false;
try {
  browser = await launchBrowser();
  const coldScene = await writeScene(browser, site, excalidrawDir, String(COLD_BELIEFS), coldBoard);
  const canvasScenes: string[] = [];
  for (const [i, size] of CANVAS_SIZES.entries()) canvasScenes.push(await writeScene(browser, site, excalidrawDir, String(size), canvasBoards[i]));

  // Canvas first: its first page of ours tells the size of our canvas, which Excalidraw's gets.
  const canvasRelay = await relayWithBoards(benchPageDir, canvasBoards.map((b) => b.update));
  let canvas: { width: number; height: number } | null = null;
  const frames: { run: number; notes: number; mode: Mode; scenario: Scenario; result: FrameResult; loadMs: number; load1m: number }[] = [];
  try {
    for (let run = 1; run <= CANVAS_RUNS; run++) {
      for (const [i, size] of CANVAS_SIZES.entries()) {
        const order: Mode[] = (run + i) % 2 === 1 || !canvas ? ['ours', 'excalidraw'] : ['excalidraw', 'ours'];
        if (run === 1) order.push('naive');
        for (const mode of order) {
          const { page, close } = await newPage(browser, mode);
          const t0 = performance.now();
          await page.goto(
            mode === 'excalidraw'
              ? excalidrawLink(site, canvasScenes[i], canvas!)
              : ourLink(canvasRelay.relay.server.url, canvasRelay.boardIds[i], mode === 'naive' ? '?naive' : ''),
          );
          await waitFor(page, mode === 'excalidraw' ? HAS_HOOK_AND_MARK : OURS_READY_TO_DRIVE, `${mode} the bench hook, the first render (and ours live)`, 120_000);
          const loadMs = performance.now() - t0;
          if (!canvas) {
            const { width, height } = (await page.evaluate('window.__beliefmapBench.viewport()')) as { width: number; height: number };
            canvas = { width: Math.round(width), height: Math.round(height) };
            console.log(`our canvas: ${canvas.width} × ${canvas.height} CSS px (Excalidraw's gets the same)`);
          }
          for (const scenario of SCENARIOS) {
            const result = await drive(page, scenarioOptions(scenario, canvasBoards[i]));
            frames.push({ run, notes: size, mode, scenario, result, loadMs, load1m: Number(loadavg()[0].toFixed(2)) });
          }
          await close();
          const mine = frames.filter((f) => f.run === run && f.notes === size && f.mode === mode);
          console.log(`run ${run}, ${size} notes, ${mode}: ${mine.map((f) => `${f.scenario} p50 ${f.result.p50.toFixed(1)} p95 ${f.result.p95.toFixed(1)} ms`).join('; ')}`);
        }
      }
    }
  } finally {
    await canvasRelay.relay.close();
    await rm(canvasRelay.relay.dataDir, { recursive: true, force: true });
  }

  // Cold load: ours after a relay restart, then Excalidraw, alternating.
  const coldRelay = await relayWithBoards(staticDir, [coldBoard.update]);
  const loads: Row[] = [];
  try {
    await coldRelay.relay.server.close();
    for (let i = 0; i < COLD_LOADS; i++) {
      const order: Mode[] = i % 2 === 0 ? ['ours', 'excalidraw'] : ['excalidraw', 'ours'];
      for (const mode of order) {
        if (mode === 'ours') await coldRelay.relay.restart();
        const { page, close } = await newPage(browser, mode);
        await page.goto(mode === 'ours' ? ourLink(coldRelay.relay.server.url, coldRelay.boardIds[0], '') : excalidrawLink(site, coldScene, canvas!));
        await waitFor(page, HAS_MARK, `${mode} board-first-render`, 60_000);
        const read = (await page.evaluate(READ_MARK)) as Record<string, number | string | null>;
        loads.push({ load: i + 1, mode, ...read, load1m: Number(loadavg()[0].toFixed(2)) });
        await close();
        if (mode === 'ours') await coldRelay.relay.server.close();
      }
    }
  } finally {
    await coldRelay.relay.close();
    await rm(coldRelay.relay.dataDir, { recursive: true, force: true });
  }

  // Tables: every run, then medians over the runs and the ratios the targets use.
  printTable(
    'Canvas, every run: main-thread work per frame (ms) and frame interval p95',
    frames.map(({ run, notes, mode, scenario, result, load1m }) => ({
      run,
      notes,
      mode,
      scenario,
      'work p50': result.p50,
      'work p95': result.p95,
      'interval p95': result.intervalP95,
      frames: result.frames,
      'notes draws': result.notesDraws,
      'load 1 min': load1m,
    })),
  );
  const canvasSummary: Row[] = [];
  for (const size of CANVAS_SIZES) {
    for (const scenario of SCENARIOS) {
      const of = (mode: Mode) => frames.filter((f) => f.notes === size && f.scenario === scenario && f.mode === mode).map((f) => f.result);
      const ours = of('ours');
      const rival = of('excalidraw');
      const naive = of('naive');
      const m = (results: FrameResult[], key: keyof FrameResult) => (results.length > 0 ? median(results.map((r) => r[key])) : null);
      canvasSummary.push({
        notes: size,
        scenario,
        'ours p50': m(ours, 'p50'),
        'ours p95': m(ours, 'p95'),
        'Excalidraw p50': m(rival, 'p50'),
        'Excalidraw p95': m(rival, 'p95'),
        'ours/Excalidraw p95': m(ours, 'p95')! / m(rival, 'p95')!,
        'per run ours/Excalidraw p95': ours.map((r, i) => (r.p95 / rival[i].p95).toFixed(2)).join(' '),
        'interval p95 ours': m(ours, 'intervalP95'),
        'interval p95 Excalidraw': m(rival, 'intervalP95'),
        'naive p50 (run 1)': m(naive, 'p50'),
        'naive p95 (run 1)': m(naive, 'p95'),
        'interval p95 naive': m(naive, 'intervalP95'),
      });
    }
  }
  printTable(`Canvas: medians of ${CANVAS_RUNS} run(s), work per frame (ms)`, canvasSummary, 2);

  printTable('Cold load, every load: navigation start → … (ms)', loads);
  const coldOf = (mode: Mode) => loads.filter((l) => l.mode === mode).map((l) => Number(l.firstRender));
  const coldSummary = {
    oursMs: coldOf('ours'),
    excalidrawMs: coldOf('excalidraw'),
    oursMedianMs: median(coldOf('ours')),
    excalidrawMedianMs: median(coldOf('excalidraw')),
  };
  printTable('Cold load: navigation → board drawn, medians', [
    { what: `ours, ${COLD_BELIEFS} beliefs × ${COLD_PARTICIPANTS} people`, 'median ms': coldSummary.oursMedianMs, loads: coldSummary.oursMs.map((v) => v.toFixed(0)).join(' ') },
    { what: `Excalidraw, the same ${COLD_BELIEFS} notes`, 'median ms': coldSummary.excalidrawMedianMs, loads: coldSummary.excalidrawMs.map((v) => v.toFixed(0)).join(' ') },
    { what: 'ours / Excalidraw', 'median ms': coldSummary.oursMedianMs / coldSummary.excalidrawMedianMs, loads: null },
  ]);
  if (loads.some((l) => l.mode === 'ours' && !String(l.detail).includes(`"beliefs":${COLD_BELIEFS}`))) {
    failed = true;
    console.error(`excalidraw bench: a load of ours rendered fewer than ${COLD_BELIEFS} beliefs`);
  }
  writeResults('excalidraw', {
    window: WINDOW,
    canvas,
    excalidrawVersion: '0.18.1',
    excalidrawPageJsGzipKb: excalidrawJsGzipKb,
    cold: { beliefs: COLD_BELIEFS, participants: COLD_PARTICIPANTS, loads, ...coldSummary },
    canvasRuns: CANVAS_RUNS,
    canvasSummary,
    frames,
    minutes: (performance.now() - startedAt) / 60_000,
  });
  console.log(`\nexcalidraw bench: ${((performance.now() - startedAt) / 60_000).toFixed(1)} min`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser?.close();
  await site.close();
  await rm(staticDir, { recursive: true, force: true });
  await rm(benchPageDir, { recursive: true, force: true });
  await rm(excalidrawDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

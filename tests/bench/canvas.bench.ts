// The canvas under load (issue 8, item 4), in headless Chromium (SwiftShader software
// rendering), window 1280×800: boards of 200 / 1,000 / 5,000 notes, each with 12
// participants' positions so every note shows its distribution. Served from the bench
// page (pages/: the product's app, plus the benchmark's hook and the naive baseline, which
// the production build leaves out). For each board, our canvas and the naive baseline
// (`?naive`: pages/NaiveNotes.tsx), each in a fresh context:
//   - frame times while panning and while zooming: the viewport is set through the
//     page's hook (pages/benchHook.ts) in every requestAnimationFrame callback
//     for ~2 s (at least 6 frames). Two figures per frame: its main-thread work — from
//     the start of the frame's first rAF callback (ours, which sets the viewport) to a
//     message posted from it, which runs once the frame's rAF callbacks (React's commit
//     runs in a microtask of ours, then Konva's layer draws) and style/layout/paint are
//     done — and the interval between frames (rAF timestamps), which headless Chromium
//     holds to 60 Hz (≥ 16.7 ms; --disable-frame-rate-limit has no effect in headless
//     mode here), so intervals cannot show a ratio above naive/16.7. Ratios to naive and
//     the p95 targets use the work; the intervals are printed beside it.
//     Scenarios: pan at zoom 0.5 (notes readable: about 100 on screen), pan over the whole
//     board (zoomed out to fit), zoom in and out between 0.2 and 1.5 about the centre.
//   - one remote move: a Node provider moves the note nearest the screen's centre; the
//     page measures from the remote update's application to its Y.Doc (the 'update' event
//     with the provider as origin) to the end of the next draw of the notes layer (Konva's
//     layer 'draw' event, after its scene is painted, before the browser composites the
//     frame). 5 moves, one at a time.
// Run: npm run bench -- canvas
import { rm } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { moveBeliefs, readBelief } from '../../shared/model.ts';
import { CHROMIUM_PATH } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, waitSynced, type ConnectedProvider } from '../helpers/relay.ts';
import { buildBenchPage, buildBoard, newcomerIdentityScript, OURS_READY_TO_DRIVE, relayWithBoards, type BuiltBoard } from './benchBoard.ts';
import { drive, FRAME_MS, SCENARIOS, scenarioOptions, SETTLE_MS, type FrameResult } from './frameDriver.ts';
import { median, printMachine, printTable, writeResults, type Row } from './report.ts';

const SIZES = (process.env.CANVAS_SIZES ?? '200,1000,5000').split(',').map(Number);
const PARTICIPANTS = 12;
const MOVES = 5;
const TARGET_RATIO_AT_1000 = 10;
const TARGET_P95_MS: Record<number, number> = { 1000: 33, 5000: 50 };

type Mode = 'ours' | 'naive';
const INIT_SCRIPT = `
globalThis.__name = (f) => f;
`;

async function openBoard(browser: Browser, baseUrl: string, boardId: string, mode: Mode) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT_SCRIPT + newcomerIdentityScript());
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${mode}] page error:`, error.message));
  const link = new URL(accessOf(boardId).links.edit, baseUrl);
  link.search = mode === 'naive' ? '?naive' : '';
  const t0 = performance.now();
  await page.goto(link.href);
  await eventually(
    async () => (await page.evaluate(OURS_READY_TO_DRIVE)) as boolean,
    'the bench hook, the first render and the page live',
    60_000,
  );
  return { context, page, loadMs: performance.now() - t0 };
}

async function remoteMoves(page: Page, writer: ConnectedProvider, board: BuiltBoard): Promise<number[]> {
  const cx = board.width / 2;
  const cy = board.height / 2;
  let nearest = 0;
  board.corners.forEach((c, i) => {
    const best = board.corners[nearest];
    if (Math.hypot(c.x + 100 - cx, c.y + 60 - cy) < Math.hypot(best.x + 100 - cx, best.y + 60 - cy)) nearest = i;
  });
  const id = board.beliefIds[nearest];
  await page.evaluate(`(() => { const b = window.__beliefmapBench; const { width: w, height: h } = b.viewport();
    b.setViewport({ scale: 0.5, x: ${cx} - w / 2 / 0.5, y: ${cy} - h / 2 / 0.5 }); b.takeRemoteApplyTimes(); })()`);
  await page.waitForTimeout(SETTLE_MS);
  const times: number[] = [];
  for (let i = 0; i < MOVES; i++) {
    const now = readBelief(writer.doc, id)!;
    moveBeliefs(writer.doc, [{ id, x: now.x + (i % 2 === 0 ? 30 : -30), y: now.y }], 'bench-writer');
    let got: number[] = [];
    await eventually(async () => {
      got = got.concat((await page.evaluate('window.__beliefmapBench.takeRemoteApplyTimes()')) as number[]);
      return got.length > 0;
    }, 'the remote move to be drawn', 30_000);
    times.push(...got);
    await page.waitForTimeout(300);
  }
  return times;
}

printMachine();
console.log(`Canvas: boards of ${SIZES.join(' / ')} notes × ${PARTICIPANTS} participants' positions; ours vs naive`);
const staticDir = await buildBenchPage();
const boards = SIZES.map((beliefs, i) => buildBoard({ beliefs, participants: PARTICIPANTS, seed: 10 + i }));
const { relay, boardIds } = await relayWithBoards(staticDir, boards.map((b) => b.update));
let browser: Browser | null = null;
let failed = false;
const rows: Row[] = [];
const results: Record<string, unknown>[] = [];
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  for (const [index, size] of SIZES.entries()) {
    const board = boards[index];
    const writer = connectProvider(relay.wsUrl, boardIds[index]);
    await waitSynced(writer.provider, 30_000);
    const byMode: Record<Mode, { load: number; frames: Record<string, FrameResult>; remote: number[] }> = {} as never;
    for (const mode of ['ours', 'naive'] as Mode[]) {
      const { context, page, loadMs } = await openBoard(browser, relay.server.url, boardIds[index], mode);
      const frames: Record<string, FrameResult> = {};
      for (const scenario of SCENARIOS) frames[scenario] = await drive(page, scenarioOptions(scenario, board));
      const remote = await remoteMoves(page, writer, board);
      byMode[mode] = { load: loadMs, frames, remote };
      await context.close();
      console.log(`${size} notes, ${mode}: ${SCENARIOS.map((s) => `${s} p50 ${frames[s].p50.toFixed(1)} p95 ${frames[s].p95.toFixed(1)} ms`).join('; ')}; remote move median ${median(remote).toFixed(1)} ms`);
    }
    writer.destroy();
    for (const scenario of SCENARIOS) {
      const ours = byMode.ours.frames[scenario];
      const naive = byMode.naive.frames[scenario];
      rows.push({
        notes: size,
        scenario,
        'ours p50': ours.p50,
        'ours p95': ours.p95,
        'naive p50': naive.p50,
        'naive p95': naive.p95,
        'ratio p50': naive.p50 / ours.p50,
        'ratio p95': naive.p95 / ours.p95,
        'interval p95 ours/naive': `${ours.intervalP95.toFixed(1)}/${naive.intervalP95.toFixed(1)}`,
        'frames ours/naive': `${ours.frames}/${naive.frames}`,
      });
    }
    const ours = median(byMode.ours.remote);
    const naive = median(byMode.naive.remote);
    rows.push({ notes: size, scenario: 'remote move → drawn', 'ours p50': ours, 'ours p95': Math.max(...byMode.ours.remote), 'naive p50': naive, 'naive p95': Math.max(...byMode.naive.remote), 'ratio p50': naive / ours, 'ratio p95': null, 'interval p95 ours/naive': null, 'frames ours/naive': `${MOVES}/${MOVES} moves (p95 column: max)` });
    results.push({ notes: size, participants: PARTICIPANTS, ...byMode });
  }
  printTable('Main-thread work per frame (ms) and one remote move (ms), ours vs naive', rows);

  const verdicts: Row[] = [];
  const at = (size: number) => rows.filter((r) => r.notes === size && r.scenario !== 'remote move → drawn');
  if (SIZES.includes(1000)) {
    const worst = Math.min(...at(1000).map((r) => Number(r['ratio p50'])));
    verdicts.push({ target: `≥ ${TARGET_RATIO_AT_1000}× naive at 1,000 (p50, worst scenario)`, measured: `${worst.toFixed(1)}×`, verdict: worst >= TARGET_RATIO_AT_1000 ? 'met' : 'MISSED' });
  }
  for (const [size, target] of Object.entries(TARGET_P95_MS)) {
    if (!SIZES.includes(Number(size))) continue;
    const worst = Math.max(...at(Number(size)).map((r) => Number(r['ours p95'])));
    verdicts.push({ target: `pan/zoom p95 ≤ ${target} ms at ${size}`, measured: `${worst.toFixed(1)} ms`, verdict: worst <= target ? 'met' : `MISSED by ${(worst - target).toFixed(1)} ms` });
  }
  printTable('Targets', verdicts);
  writeResults('canvas', { window: '1280x800', frameMs: FRAME_MS, rows, verdicts, runs: results });
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser?.close();
  await relay.close();
  await rm(relay.dataDir, { recursive: true, force: true });
  await rm(staticDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// Cold load of a big board (issue 8, item 3): 2,000 beliefs × 30 participants' positions
// (60,000 positions). Measures
//   - relay start → first sync reply: from calling startServer on the data dir to a raw
//     y-websocket provider (Node) being synced with the board (LevelDB open, board load,
//     sync step 2), median of 3 restarts;
//   - the store's size on disk (du of the data dir, after the relay's compaction);
//   - in Chromium: navigation start → `board-first-render` (client/canvas/firstRenderMark.ts),
//     median of 3 loads, each in a fresh browser context (no offline copy in IndexedDB)
//     and each after a relay restart (the board is read from disk too).
// It loads the product as it ships, not the bench page (pages/): the mark it reads is
// always on, and a cold load is only honest for the code people download.
// Run: npm run bench -- coldload
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { eventually } from '../helpers/canvasProbe.ts';
import { accessOf, connectProvider, waitSynced } from '../helpers/relay.ts';
import { buildBoard, buildClient, diskBytes, newcomerIdentityScript, relayWithBoards } from './benchBoard.ts';
import { median, printMachine, printTable, writeResults, type Row } from './report.ts';

const BELIEFS = 2_000;
const PARTICIPANTS = 30;
const LOADS = 3;
const TARGET_MS = 1_500;

// In the page before any script: the time of the
// frame after the last change of the canvas's viewport (the fit to the board's content).
const INIT_SCRIPT = `
globalThis.__name = (f) => f;
globalThis.__benchFitted = null;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'attributes' && r.attributeName === 'data-viewport') {
      requestAnimationFrame(() => { globalThis.__benchFitted = performance.now(); });
    }
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-viewport'] });
`;

const READ_MARK = `(() => {
  const mark = performance.getEntriesByName('board-first-render')[0];
  if (!mark) return null;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    firstRender: mark.startTime,
    source: mark.detail && mark.detail.source,
    beliefs: mark.detail && mark.detail.beliefs,
    fitted: globalThis.__benchFitted,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    scriptsDone: nav ? nav.loadEventEnd : null,
  };
})()`;

printMachine();
console.log(`Cold load: ${BELIEFS} beliefs × ${PARTICIPANTS} participants' positions`);
let started = performance.now();
const staticDir = await buildClient();
console.log(`client built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
started = performance.now();
const board = buildBoard({ beliefs: BELIEFS, participants: PARTICIPANTS, seed: 3 });
console.log(`board built: ${board.positions} positions, update ${(board.update.length / 1024).toFixed(0)} KB, in ${(performance.now() - started).toFixed(0)} ms`);
const { relay, boardIds } = await relayWithBoards(staticDir, [board.update]);
const boardId = boardIds[0];
let browser: Browser | null = null;
let failed = false;
try {
  // The relay compacts on close; the size is taken after one full start and stop.
  const first = connectProvider(relay.wsUrl, boardId);
  await waitSynced(first.provider, 30_000);
  first.destroy();
  await relay.server.close();
  const storeBytes = diskBytes(relay.dataDir);

  const syncMs: number[] = [];
  const listenMs: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const t0 = performance.now();
    await relay.restart();
    listenMs.push(performance.now() - t0);
    const raw = connectProvider(relay.wsUrl, boardId);
    await waitSynced(raw.provider, 30_000);
    syncMs.push(performance.now() - t0);
    raw.destroy();
    await relay.server.close();
  }

  browser = await launchBrowser();
  const loads: Row[] = [];
  const { links } = accessOf(boardId);
  for (let i = 0; i < LOADS; i++) {
    await relay.restart();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(INIT_SCRIPT + newcomerIdentityScript());
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${relay.server.url}${links.edit}`);
    // Polled with evaluate: the page's CSP forbids the string eval waitForFunction uses.
    await eventually(async () => ((await page.evaluate(`performance.getEntriesByName('board-first-render').length`)) as number) > 0, 'board-first-render', 30_000);
    // Let the fit to the content (a later frame) land before reading.
    await page.waitForTimeout(1_000);
    const read = (await page.evaluate(READ_MARK)) as Record<string, number | string | null>;
    loads.push({ load: i + 1, ...read });
    await context.close();
  }
  await relay.server.close();

  const firstRender = median(loads.map((l) => Number(l.firstRender)));
  const fitted = median(loads.map((l) => Number(l.fitted)));
  printTable('Relay start → first sync reply (raw provider), ms', syncMs.map((ms, i) => ({ run: i + 1, listening: listenMs[i], synced: ms })));
  printTable('Chromium: navigation start → … (ms)', loads);
  printTable('Summary', [
    { what: 'relay start → first sync reply (median)', value: `${median(syncMs).toFixed(0)} ms` },
    { what: 'store size on disk (du)', value: `${(storeBytes / 1024).toFixed(0)} KB` },
    { what: 'navigation → board-first-render (median)', value: `${firstRender.toFixed(0)} ms` },
    { what: 'navigation → fitted view drawn (median)', value: `${fitted.toFixed(0)} ms` },
    { what: `target ≤ ${TARGET_MS} ms to first full render`, value: firstRender <= TARGET_MS ? 'met' : `MISSED by ${(firstRender - TARGET_MS).toFixed(0)} ms` },
  ]);
  if (loads.some((l) => l.beliefs !== BELIEFS)) {
    failed = true;
    console.error(`coldload: a load rendered fewer than ${BELIEFS} beliefs`);
  }
  writeResults('coldload', {
    beliefs: BELIEFS,
    participants: PARTICIPANTS,
    positions: board.positions,
    updateBytes: board.update.length,
    storeBytes,
    relayStartToSyncMs: syncMs,
    relayStartToListenMs: listenMs,
    relayStartToSyncMedianMs: median(syncMs),
    loads,
    firstRenderMedianMs: firstRender,
    fittedMedianMs: fitted,
    targetMs: TARGET_MS,
    met: firstRender <= TARGET_MS,
  });
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

// `npm run bench -- rivals` (issue 16): ours against what a team would pick instead, in one
// invocation on one machine, then one table with every target's verdict.
//   1. relay.bench.ts --rivals: ours, stock y-websocket with its LevelDB persistence,
//      Hocuspocus 3.4.4 with LevelDB — 3 runs — and the stock server without a store (the
//      floor, first run only);
//   2. excalidraw.bench.ts: our canvas and cold load against Excalidraw 0.18.1 — canvas 3
//      runs, 7 cold loads each — and our naive renderer (the floor, first run only);
//   3. bundle.bench.ts: the board page's JavaScript.
// Each step writes its own JSON with every run (tests/bench/results/relay-rivals.json,
// excalidraw.json, bundle.json); this writes the table to results/rivals.json, and prints it
// also as Markdown for docs/performance.md. `--report` only rebuilds the table from the
// JSON files of an earlier invocation.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { machine, median, printMachine, printTable, writeResults, type Row } from './report.ts';

/** Targets (issue 16). */
const THROUGHPUT_RATIO = 1.5;
const LIGHT_P99_MS = 10;
const CANVAS_SHARE = 1 / 3;
/** "60 fps held": 95 % of frames within a 60 Hz frame (16.7 ms), 5 % slack for timer jitter. */
const HELD_INTERVAL_P95_MS = 17.5;
const COLD_LOAD_MS = 1_500;
const COLD_LOAD_SHARE = 1 / 2;
const BOARD_JS_GZIP_KB = 200;

const STEPS: [string, string[]][] = [
  ['relay rivals', ['tests/bench/relay.bench.ts', '--rivals']],
  ['Excalidraw', ['tests/bench/excalidraw.bench.ts']],
  ['bundle', ['tests/bench/bundle.bench.ts']],
];

const startedAt = new Date();
const reportOnly = process.argv.includes('--report');
let failed = 0;
if (!reportOnly) {
  printMachine();
  console.log('Rivals: every step in this one invocation; about 13 minutes on a quiet machine.');
  if (loadavg()[0] > 1) {
    console.log(
      `Warning: the load average is ${loadavg()[0].toFixed(1)} on ${cpus().length} cores before the start — something else is running, ` +
        'so the figures will be noisy (and the run longer). Every step records the load average.',
    );
  }
  for (const [name, args] of STEPS) {
    console.log(`\n== rivals: ${name} (${args.join(' ')})`);
    const { status } = spawnSync(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit' });
    if (status !== 0) {
      failed++;
      console.error(`rivals: ${name} failed (exit ${status})`);
    }
  }
}

interface Results<T> {
  ranAt: string;
  machine: ReturnType<typeof machine>;
  /** 1, 5 and 15 minute load averages when that part finished. */
  loadAverage?: number[];
  results: T;
}
function load<T>(name: string): Results<T> | null {
  try {
    const file = JSON.parse(readFileSync(path.resolve('tests/bench/results', `${name}.json`), 'utf8')) as Results<T>;
    if (!reportOnly && new Date(file.ranAt) < startedAt) {
      console.error(`rivals: results/${name}.json is from an earlier invocation (${file.ranAt}); its rows are left out`);
      return null;
    }
    return file;
  } catch {
    console.error(`rivals: no results/${name}.json`);
    return null;
  }
}

type Kind = 'ours' | 'stock' | 'stock-durable' | 'hocuspocus';
interface RelaySummary {
  scenario: string;
  lightStep: number;
  byKind: Record<Kind, { maxSustainedPerSecond: number[]; lightP99Ms: (number | null)[]; rssPerBoardKb: number[] }>;
  throughputRatios: (number | null)[];
}
interface RelayRivals {
  stepMs: number;
  runs: number;
  minutes: number;
  summary: RelaySummary[];
}
interface FrameRow {
  run: number;
  notes: number;
  mode: 'ours' | 'excalidraw' | 'naive';
  scenario: string;
  result: { p50: number; p95: number; intervalP95: number };
}
interface ExcalidrawResults {
  canvas: { width: number; height: number };
  excalidrawPageJsGzipKb: number;
  cold: { oursMs: number[]; excalidrawMs: number[]; oursMedianMs: number; excalidrawMedianMs: number };
  canvasRuns: number;
  frames: FrameRow[];
  minutes: number;
}
interface BundleResults {
  rows: { route: string; 'JS gzip KB': number }[];
}

const relay = load<RelayRivals>('relay-rivals');
const excalidraw = load<ExcalidrawResults>('excalidraw');
const bundle = load<BundleResults>('bundle');

const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const runsOf = (values: (number | null)[], digits = 0) => `${fmt(median(values.filter((v): v is number => v !== null)), digits)} (${values.map((v) => fmt(v, digits)).join(' / ')})`;
const medianOf = (values: (number | null)[]) => median(values.filter((v): v is number => v !== null));

const rows: Row[] = [];
const verdict = (met: boolean, how: string) => `${met ? 'met' : 'MISSED'}: ${how}`;

if (relay) {
  const { summary } = relay.results;
  for (const name of ['1 board × 50 clients', '50 boards × 4 clients']) {
    const s = summary.find((x) => x.scenario === name);
    if (!s) continue;
    const short = name.startsWith('1 ') ? '1 × 50' : '50 × 4';
    const ratios = s.throughputRatios;
    rows.push({
      what: `Relay max sustained updates/s (p99 ≤ 50 ms), ${short}`,
      ours: runsOf(s.byKind.ours.maxSustainedPerSecond),
      'stock + LevelDB': runsOf(s.byKind['stock-durable'].maxSustainedPerSecond),
      'Hocuspocus + LevelDB': runsOf(s.byKind.hocuspocus.maxSustainedPerSecond),
      Excalidraw: null,
      floor: s.byKind.stock ? `${runsOf(s.byKind.stock.maxSustainedPerSecond)} stock, no store` : null,
      target: `≥ ${THROUGHPUT_RATIO}× the better durable rival, in each run`,
      verdict: verdict(ratios.every((r) => r !== null && r >= THROUGHPUT_RATIO), `ours/better rival ${ratios.map((r) => `${fmt(r, 2)}×`).join(' / ')}`),
    });
  }
  const one = summary.find((x) => x.scenario.startsWith('1 board'));
  if (one) {
    const ours = medianOf(one.byKind.ours.lightP99Ms);
    const rivals = [medianOf(one.byKind['stock-durable'].lightP99Ms), medianOf(one.byKind.hocuspocus.lightP99Ms)];
    rows.push({
      what: `Relay p99 ms at ${one.lightStep} updates/s, 1 × 50`,
      ours: runsOf(one.byKind.ours.lightP99Ms, 1),
      'stock + LevelDB': runsOf(one.byKind['stock-durable'].lightP99Ms, 1),
      'Hocuspocus + LevelDB': runsOf(one.byKind.hocuspocus.lightP99Ms, 1),
      Excalidraw: null,
      floor: one.byKind.stock ? `${runsOf(one.byKind.stock.lightP99Ms, 1)} stock, no store` : null,
      target: `≤ ${LIGHT_P99_MS} ms and ≤ both rivals' (medians)`,
      verdict: verdict(ours <= LIGHT_P99_MS && rivals.every((r) => ours <= r), `median ${fmt(ours, 1)} ms`),
    });
  }
  const many = summary.find((x) => x.scenario.startsWith('50 boards'));
  if (many) {
    const ours = medianOf(many.byKind.ours.rssPerBoardKb);
    const stock = medianOf(many.byKind['stock-durable'].rssPerBoardKb);
    rows.push({
      what: 'Relay memory per board, KB (RSS after GC), 50 × 4',
      ours: runsOf(many.byKind.ours.rssPerBoardKb),
      'stock + LevelDB': runsOf(many.byKind['stock-durable'].rssPerBoardKb),
      'Hocuspocus + LevelDB': runsOf(many.byKind.hocuspocus.rssPerBoardKb),
      Excalidraw: null,
      floor: many.byKind.stock ? `${runsOf(many.byKind.stock.rssPerBoardKb)} stock, no store` : null,
      target: '≤ durable stock’s (medians)',
      verdict: verdict(ours <= stock, `ours/stock + LevelDB ${fmt(ours / stock, 2)}×`),
    });
  }
}

if (excalidraw) {
  const { frames, cold, excalidrawPageJsGzipKb } = excalidraw.results;
  const sizes = Array.from(new Set(frames.map((f) => f.notes))).sort((a, b) => a - b);
  const scenarios = Array.from(new Set(frames.map((f) => f.scenario)));
  for (const notes of sizes) {
    for (const scenario of scenarios) {
      const of = (mode: FrameRow['mode']) => frames.filter((f) => f.notes === notes && f.scenario === scenario && f.mode === mode).map((f) => f.result);
      const ours = of('ours');
      const rival = of('excalidraw');
      const naive = of('naive');
      const oursP95 = median(ours.map((r) => r.p95));
      const rivalP95 = median(rival.map((r) => r.p95));
      rows.push({
        what: `Canvas work per frame p95 ms, ${fmt(notes)} notes, ${scenario}`,
        ours: runsOf(ours.map((r) => r.p95), 1),
        'stock + LevelDB': null,
        'Hocuspocus + LevelDB': null,
        Excalidraw: runsOf(rival.map((r) => r.p95), 1),
        floor: naive.length > 0 ? `${fmt(naive[0].p95, 1)} naive` : null,
        target: '≤ ⅓ of Excalidraw’s (medians)',
        verdict: verdict(oursP95 <= rivalP95 * CANVAS_SHARE, `ours/Excalidraw ${fmt(oursP95 / rivalP95, 2)}×`),
      });
    }
  }
  const big = Math.max(...sizes);
  if (big === 5000) {
    const held = (mode: FrameRow['mode']) => scenarios.map((scenario) => median(frames.filter((f) => f.notes === big && f.scenario === scenario && f.mode === mode).map((f) => f.result.intervalP95)));
    const ours = held('ours');
    const rival = held('excalidraw');
    const naive = held('naive');
    rows.push({
      what: `60 fps at 5,000 notes: frame interval p95 ms (${scenarios.join(' / ')})`,
      ours: ours.map((v) => fmt(v, 1)).join(' / '),
      'stock + LevelDB': null,
      'Hocuspocus + LevelDB': null,
      Excalidraw: rival.map((v) => fmt(v, 1)).join(' / '),
      floor: naive.every((v) => !Number.isNaN(v)) ? `${naive.map((v) => fmt(v, 0)).join(' / ')} naive` : null,
      target: `held: ≤ ${HELD_INTERVAL_P95_MS} ms in every scenario (medians)`,
      verdict: verdict(ours.every((v) => v <= HELD_INTERVAL_P95_MS), `worst ${fmt(Math.max(...ours), 1)} ms`),
    });
  }
  rows.push({
    what: 'Cold load ms, navigation → board drawn, 2,000 notes (ours: × 30 people)',
    ours: runsOf(cold.oursMs),
    'stock + LevelDB': null,
    'Hocuspocus + LevelDB': null,
    Excalidraw: runsOf(cold.excalidrawMs),
    floor: null,
    target: `≤ ${fmt(COLD_LOAD_MS)} ms and ≤ ½ Excalidraw’s (medians of ${cold.oursMs.length})`,
    verdict: verdict(
      cold.oursMedianMs <= COLD_LOAD_MS && cold.oursMedianMs <= cold.excalidrawMedianMs * COLD_LOAD_SHARE,
      `ours/Excalidraw ${fmt(cold.oursMedianMs / cold.excalidrawMedianMs, 2)}×`,
    ),
  });
  const board = bundle?.results.rows.find((r) => r.route === 'board');
  rows.push({
    what: 'Board page JS, KB gzip',
    ours: board ? fmt(board['JS gzip KB'], 1) : '–',
    'stock + LevelDB': null,
    'Hocuspocus + LevelDB': null,
    Excalidraw: `${fmt(excalidrawPageJsGzipKb, 1)} (its bench page)`,
    floor: null,
    target: `≤ ${BOARD_JS_GZIP_KB} KB`,
    verdict: board ? verdict(board['JS gzip KB'] <= BOARD_JS_GZIP_KB, `${fmt(Math.abs(board['JS gzip KB'] - BOARD_JS_GZIP_KB), 1)} KB ${board['JS gzip KB'] <= BOARD_JS_GZIP_KB ? 'under' : 'over'} the target`) : '–',
  });
}

const sources: Results<unknown>[] = [];
for (const source of [relay, excalidraw, bundle]) if (source) sources.push(source);
const m = sources[0]?.machine ?? machine();
const header = `${m.cores} cores (${m.cpu}), Node ${m.node}, ${m.chromium ?? 'no Chromium'}; ${sources.map((s) => s.ranAt).sort()[0] ?? ''}`;
if (reportOnly) printMachine();
console.log(
  `\nAll figures from one invocation on ${header}. Each cell: median (every run). Relay: ${relay?.results.runs ?? '–'} runs of ${relay ? relay.results.stepMs / 1000 : '–'} s steps; canvas: ${excalidraw?.results.canvasRuns ?? '–'} runs; cold load: ${excalidraw?.results.cold.oursMs.length ?? '–'} loads each. Floor: run 1 only.`,
);
const loads = ([['relay', relay], ['Excalidraw', excalidraw], ['bundle', bundle]] as const)
  .filter(([, r]) => r?.loadAverage)
  .map(([name, r]) => `${name} ${r!.loadAverage!.join(' ')}`);
console.log(`Load average (1 / 5 / 15 min) as each part ended — 2 cores, so above 2 the machine was shared: ${loads.join('; ')}`);
printTable('Ours against the rivals a team would pick', rows);

// The same table as Markdown, for docs/performance.md.
const columns = ['what', 'ours', 'stock + LevelDB', 'Hocuspocus + LevelDB', 'Excalidraw', 'floor', 'target', 'verdict'];
const cell = (value: Row[string] | undefined) => (value === null || value === undefined ? '–' : String(value).replace(/\|/g, '\\|'));
console.log(`\nMarkdown:\n\n| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${columns.map((c) => cell(row[c])).join(' | ')} |`);

writeResults('rivals', {
  startedAt: startedAt.toISOString(),
  minutes: (Date.now() - startedAt.getTime()) / 60_000,
  sources: { 'relay-rivals': relay?.ranAt ?? null, excalidraw: excalidraw?.ranAt ?? null, bundle: bundle?.ranAt ?? null },
  loadAverages: { 'relay-rivals': relay?.loadAverage ?? null, excalidraw: excalidraw?.loadAverage ?? null, bundle: bundle?.loadAverage ?? null },
  rows,
});
console.log(`\nrivals: ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min`);
process.exit(failed > 0 || sources.length < 3 ? 1 : 0);

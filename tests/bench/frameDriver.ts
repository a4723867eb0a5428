// How the browser benchmarks drive a canvas's camera and measure a frame's main-thread work
// — one script for every page, so our canvas, the naive baseline (canvas.bench.ts) and
// Excalidraw (excalidraw.bench.ts) are measured by the same code. A page exposes
// `window.__beliefmapBench` with
//   viewport(): { width, height }  the canvas's size in CSS pixels;
//   setViewport({ scale?, x, y })  the board point at the canvas's top-left corner, and
//                                  the zoom (unchanged when absent), applied at once;
//   notesDraws(): number           how many times the notes have been drawn so far.
// Our bench page has it (tests/bench/pages/benchHook.ts); Excalidraw's bench page
// (tests/bench/excalidraw/main.tsx) has the same three.
import type { Page } from 'playwright-core';
import type { BuiltBoard } from './benchBoard.ts';
import { percentile } from './report.ts';

export const FRAME_MS = 2_000;
/** At least this many frames per scenario, however slow; but never longer than MAX_MS. */
export const MIN_FRAMES = 6;
export const MAX_MS = 10_000;
/** Before each scenario: time for bitmaps to be made (bitmapCache.ts) and the page to calm. */
export const SETTLE_MS = 800;
export type Scenario = 'pan (zoom 0.5)' | 'pan (whole board)' | 'zoom 0.2↔1.5';
export const SCENARIOS: Scenario[] = ['pan (zoom 0.5)', 'pan (whole board)', 'zoom 0.2↔1.5'];

// Runs in the page (a string: Playwright functions break under tsx's keepNames).
const DRIVE = `(async (o) => {
  const b = window.__beliefmapBench;
  const { width: w, height: h } = b.viewport();
  const place = (scale, cx, cy) => ({ scale, x: cx - w / 2 / scale, y: cy - h / 2 / scale });
  const start = place(o.scale, o.cx, o.cy);
  b.setViewport(start);
  await new Promise((r) => setTimeout(r, o.settleMs));
  const deltas = [];
  const work = [];
  const started = [];
  const channel = new MessageChannel();
  // A message posted from the frame's first rAF callback is handled once the frame's
  // main-thread work is over: the other rAF callbacks (Konva's draws), style, layout, paint.
  channel.port1.onmessage = () => work.push(performance.now() - started.shift());
  let last = null;
  let i = 0;
  const t0 = performance.now();
  const draws0 = b.notesDraws();
  await new Promise((resolve) => {
    const step = (t) => {
      started.push(performance.now());
      channel.port2.postMessage(0);
      if (last !== null) deltas.push(t - last);
      last = t;
      i++;
      if (o.kind === 'zoom') {
        const phase = i % (2 * o.steps);
        const k = phase < o.steps ? phase : 2 * o.steps - phase;
        b.setViewport(place(o.minScale * Math.pow(o.maxScale / o.minScale, k / o.steps), o.cx, o.cy));
      } else {
        const a = (i * o.stepPx) / o.radiusPx;
        b.setViewport({ x: start.x + (o.radiusPx * Math.cos(a)) / o.scale, y: start.y + (o.radiusPx * Math.sin(a)) / o.scale });
      }
      const elapsed = performance.now() - t0;
      if ((elapsed < o.ms || deltas.length < o.minFrames) && elapsed < o.maxMs) requestAnimationFrame(step);
      else resolve();
    };
    requestAnimationFrame(step);
  });
  await new Promise((r) => setTimeout(r, 50));
  channel.port1.close();
  // The first frame's work set the viewport before any draw of it; drop it.
  return { deltas, work: work.slice(1), notesDraws: b.notesDraws() - draws0 };
})`;

export interface FrameResult {
  frames: number;
  /** Main-thread work per frame (see DRIVE). */
  p50: number;
  p95: number;
  /** Intervals between frames (rAF timestamps): never below the display's 16.7 ms. */
  intervalP50: number;
  intervalP95: number;
  notesDraws: number;
}

export async function drive(page: Page, options: Record<string, unknown>): Promise<FrameResult> {
  const { deltas, work, notesDraws } = (await page.evaluate(`${DRIVE}(${JSON.stringify(options)})`)) as { deltas: number[]; work: number[]; notesDraws: number };
  const intervals = [...deltas].sort((a, b) => a - b);
  const sorted = [...work].sort((a, b) => a - b);
  return {
    frames: work.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    intervalP50: percentile(intervals, 50),
    intervalP95: percentile(intervals, 95),
    notesDraws,
  };
}

export function scenarioOptions(scenario: Scenario, board: BuiltBoard): Record<string, unknown> {
  const cx = board.width / 2;
  const cy = board.height / 2;
  const common = { cx, cy, ms: FRAME_MS, minFrames: MIN_FRAMES, maxMs: MAX_MS, settleMs: SETTLE_MS };
  if (scenario === 'pan (zoom 0.5)') return { ...common, kind: 'pan', scale: 0.5, radiusPx: 300, stepPx: 12 };
  if (scenario === 'pan (whole board)') {
    // The canvas is narrower than the window (toolbar, belief list): fit to about 900×650.
    const scale = Math.max(0.02, Math.min(900 / board.width, 650 / board.height));
    return { ...common, kind: 'pan', scale, radiusPx: 120, stepPx: 8 };
  }
  return { ...common, kind: 'zoom', scale: 0.5, minScale: 0.2, maxScale: 1.5, steps: 45 };
}


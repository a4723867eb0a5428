// How long one new position takes to reach a belief's figures on the largest board:
// 5,000 beliefs × 100 participants. Run: npx tsx tests/bench/stats.bench.ts [seed]
import * as Y from 'yjs';
import { MAX_BELIEFS_PER_BOARD } from '../../shared/limits.ts';
import { addBelief, positionsOf, setPosition } from '../../shared/model.ts';
import { parsePositionKey, positionsMap, readStoredPosition, SCALE, type PositionRecord } from '../../shared/schema.ts';
import { computeBeliefStats } from '../../shared/stats.ts';
import { StatsIndex } from '../../shared/statsIndex.ts';
import { percentile, printMachine, writeResults } from './report.ts';

const BELIEFS = MAX_BELIEFS_PER_BOARD;
const PARTICIPANTS = 100;
const SAMPLES = 200;
const FULL_RECOMPUTES = 5;
const TARGET_MS = 2;
const ORIGIN = 'bench';

const seed = Number(process.argv[2] ?? 1);
// mulberry32: a seeded generator, so a run can be repeated exactly.
let state = seed >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

function summary(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}
const ms = (value: number) => `${value.toFixed(3)} ms`;

/** Every belief's figures from scratch: one pass over all positions, grouped by belief. */
function recomputeAll(doc: Y.Doc, beliefIds: readonly string[]): number {
  const grouped = new Map<string, PositionRecord[]>(beliefIds.map((id) => [id, []]));
  positionsMap(doc).forEach((value, key) => {
    const parsed = parsePositionKey(key);
    const record = readStoredPosition(value);
    if (parsed && record) grouped.get(parsed.beliefId)?.push(record);
  });
  let beliefs = 0;
  for (const positions of grouped.values()) {
    computeBeliefStats(positions);
    beliefs++;
  }
  return beliefs;
}

printMachine();
console.log(`StatsIndex benchmark: ${BELIEFS} beliefs × ${PARTICIPANTS} participants, seed ${seed}`);

let started = performance.now();
const doc = new Y.Doc();
const beliefIds: string[] = [];
const participantIds = Array.from({ length: PARTICIPANTS }, (_, i) => `participant-${i}`);
doc.transact(() => {
  for (let i = 0; i < BELIEFS; i++) beliefIds.push(addBelief(doc, { text: `Belief ${i}`, x: 0, y: 0, authorId: ORIGIN }, ORIGIN));
  for (const beliefId of beliefIds) {
    for (const participantId of participantIds) {
      setPosition(doc, beliefId, participantId, { agreement: pick(SCALE), direction: pick([...SCALE, null]) }, ORIGIN);
    }
  }
}, ORIGIN);
console.log(`board built (${positionsMap(doc).size} positions) in ${ms(performance.now() - started)}`);

started = performance.now();
const index = new StatsIndex(doc);
console.log(`StatsIndex built in ${ms(performance.now() - started)}`);
for (const id of beliefIds) index.get(id);
// A listener per belief and one for all, as the note components and the list subscribe.
for (const id of beliefIds) index.subscribe(id, () => {});
index.subscribeAny(() => {});

const incremental: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const beliefId = pick(beliefIds);
  const before = index.get(beliefId);
  const t0 = performance.now();
  setPosition(doc, beliefId, pick(participantIds), { agreement: pick(SCALE), direction: pick(SCALE) }, ORIGIN);
  const after = index.get(beliefId);
  incremental.push(performance.now() - t0);
  if (after === before) throw new Error(`The index did not see the new position on ${beliefId}.`);
}

// What one belief would cost without the index: the model's positionsOf scans every key.
const scanOneBelief: number[] = [];
for (let i = 0; i < 20; i++) {
  const beliefId = pick(beliefIds);
  const t0 = performance.now();
  computeBeliefStats(positionsOf(doc, beliefId).values());
  scanOneBelief.push(performance.now() - t0);
}

const full: number[] = [];
for (let i = 0; i < FULL_RECOMPUTES; i++) {
  const t0 = performance.now();
  recomputeAll(doc, beliefIds);
  full.push(performance.now() - t0);
}

const one = summary(incremental);
const scan = summary(scanOneBelief);
const all = summary(full);
console.log(`one setPosition + index.get, ${SAMPLES} samples: median ${ms(one.median)}, p95 ${ms(one.p95)}`);
console.log(`one belief by scanning all positions (positionsOf), 20 samples: median ${ms(scan.median)}`);
console.log(`full recompute of every belief, ${FULL_RECOMPUTES} runs: median ${ms(all.median)}`);
console.log(`full recompute / one incremental update (medians): ${(all.median / one.median).toFixed(0)}×`);
console.log(`target ≤ ${TARGET_MS} ms per position: ${one.p95 <= TARGET_MS ? 'met' : 'MISSED'} (p95)`);
writeResults('stats', {
  beliefs: BELIEFS,
  participants: PARTICIPANTS,
  seed,
  incrementalMs: one,
  scanOneBeliefMs: scan,
  fullRecomputeMs: all,
  targetMs: TARGET_MS,
  met: one.p95 <= TARGET_MS,
});
index.destroy();

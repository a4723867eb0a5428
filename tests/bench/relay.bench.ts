// Relay latency and throughput, ours against other relays in the same run: 1 board × 50
// clients and 50 boards × 4 clients, every client retyping a note at a steady rate, the
// total rate stepped up until the p99 time from a client's change to its arrival at every
// other client passes 50 ms (or updates go missing) at a step and again when that step is
// run once more. Each relay runs
// in its own process, so its CPU and memory are its own; the clients are light
// (relayClients.ts) and split over two processes.
//   npm run bench -- relay      ours and the stock y-websocket server without a store (the
//                               floor), one run each;
//   npx tsx tests/bench/relay.bench.ts --rivals [--runs 3]
//                               ours and the durable rivals a team would pick instead —
//                               stock with its LevelDB persistence (durableStockRelay.ts)
//                               and Hocuspocus 3.4.4 with LevelDB (hocuspocusRelay.ts) — plus
//                               the floor, in each of 3 runs (the order of the relays
//                               rotates from run to run); writes results/relay-rivals.json;
//   npx tsx tests/bench/relay.bench.ts ours
//                               one relay alone, e.g. under --cpu-prof.
// RELAY_QUICK=1 keeps the first three steps of each scenario, to try the harness;
// RELAY_STEPS=1000,2000 only the steps named.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM } from '../../shared/protocol.ts';
import { createBoardAt, spawnRelay, type RelayProcess } from '../helpers/childRelay.ts';
import { BenchWorker } from './benchWorker.ts';
import { LatencyHistogram } from './latencyHistogram.ts';
import type { ClientPlan, ClientsCommand, ClientsReply } from './relayClients.ts';
import type { Wire } from './relayWire.ts';
import { median, printMachine, printTable, processUsage, writeResults, type Row } from './report.ts';

export type RelayKind = 'ours' | 'stock' | 'stock-durable' | 'hocuspocus';
const RELAY_KINDS: RelayKind[] = ['ours', 'stock', 'stock-durable', 'hocuspocus'];
/** The relays a team would run instead of ours: both keep every board. */
export const DURABLE_RIVALS: RelayKind[] = ['stock-durable', 'hocuspocus'];

interface Scenario {
  name: string;
  boards: number;
  clientsPerBoard: number;
  /** Total updates per second across all clients, tried in order. */
  steps: number[];
}

/** RELAY_QUICK=1: the first three steps only, to try the harness. */
const QUICK_STEPS = process.env.RELAY_QUICK === '1' ? 3 : Infinity;
/** RELAY_STEPS=1000,2000: only those steps, e.g. to compare CPU per update at fixed rates. */
const ONLY_STEPS = process.env.RELAY_STEPS ? new Set(process.env.RELAY_STEPS.split(',').map(Number)) : null;
const SCENARIOS: Scenario[] = [
  { name: '1 board × 50 clients', boards: 1, clientsPerBoard: 50, steps: [100, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000, 6000] },
  { name: '50 boards × 4 clients', boards: 50, clientsPerBoard: 4, steps: [250, 500, 1000, 2000, 4000, 6000, 9000, 12000, 15000, 18000, 24000] },
].map((scenario) => ({ ...scenario, steps: scenario.steps.slice(0, QUICK_STEPS).filter((step) => !ONLY_STEPS || ONLY_STEPS.has(step)) }));
const CLIENT_PROCESSES = 2;
/**
 * 3 s a step; `--rivals` takes 1.75 s steps (`--step-ms` sets it), so that three runs of four
 * relays fit in the 15 minutes `npm run bench -- rivals` may take (2 s steps took 13 of its
 * 15.5 minutes once both durable rivals climbed as far as they can). Even the lowest step
 * then gives about 8,500 latencies per relay (100/s × 1.75 s × 49 receivers).
 */
const DEFAULT_STEP_MS = 3_000;
const RIVALS_STEP_MS = 1_750;
/**
 * Time after a step for the last updates to arrive before they count as missing; 500 ms
 * with --rivals (any update that late already puts the step's p99 far past 50 ms).
 */
const DEFAULT_GRACE_MS = 750;
const RIVALS_GRACE_MS = 500;
const P99_LIMIT_MS = 50;
/** A step whose clients sent less than this share of the target measured the clients, not the relay. */
const MIN_ACHIEVED = 0.9;
const MIN_DELIVERED = 0.999;
/** The steady, moderate load whose p99 is compared: 500 updates/s. */
const LIGHT_STEP_INDEX = 2;

const RELAY_SCRIPTS: Record<RelayKind, string> = {
  // RELAY_OURS_SCRIPT runs an earlier commit's relay as "ours", under the same clients and
  // steps: check it out in a worktree and name its tests/bench/benchRelay.ts (how issue 12's
  // "within 10 % of the throughput before it" was measured, docs/performance.md).
  ours: process.env.RELAY_OURS_SCRIPT ?? 'tests/bench/benchRelay.ts',
  stock: 'tests/bench/stockRelay.ts',
  'stock-durable': 'tests/bench/durableStockRelay.ts',
  hocuspocus: 'tests/bench/hocuspocusRelay.ts',
};

interface StepResult extends Row {
  relay: RelayKind;
  run: number;
  scenario: string;
  targetPerSecond: number;
  /** 2: the step failed once and was run again; that attempt decides it. */
  attempt: number;
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  deliveredPercent: number;
  relayCpuPercent: number;
  relayCpuUsPerUpdate: number;
  /** The client processes' CPU, added up: near 100 % each, they, not the relay, were the limit. */
  clientsCpuPercent: number;
  relayRssMb: number;
  /** The machine's 1-minute load average after the step: above 2 (cores), others were busy too. */
  load1m: number;
  sustained: boolean;
}

interface ScenarioResult {
  relay: RelayKind;
  run: number;
  scenario: string;
  connections: number;
  boards: number;
  /** Highest stepped rate with p99 ≤ 50 ms and every update delivered; 0 if none. */
  maxSustainedPerSecond: number;
  idleRssMb: number;
  connectedRssMb: number;
  rssPerConnectionKb: number;
  rssPerBoardKb: number;
  steps: StepResult[];
}

/** base64url, as shared/ids.ts makes ids and secrets. */
const randomToken = (length: number) => randomBytes(length).toString('base64url').slice(0, length);

interface BoardPlan {
  url: string;
  wire: Wire;
}

/** Where each board lives on this relay, and how its clients frame their messages. */
async function boardPlans(kind: RelayKind, relay: RelayProcess, count: number): Promise<BoardPlan[]> {
  const plans: BoardPlan[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'ours') {
      const { id, editSecret } = await createBoardAt(relay.url, `Bench ${i}`);
      plans.push({ url: `${relay.wsUrl}/${id}?${ACCESS_KEY_PARAM}=${editSecret}`, wire: { kind: 'y-websocket' } });
    } else if (kind === 'hocuspocus') {
      // One socket per client at the server's root, as HocuspocusProvider opens it; the
      // document's name travels in every message.
      plans.push({ url: `ws://127.0.0.1:${relay.port}`, wire: { kind: 'hocuspocus', documentName: `bench-${i}` } });
    } else {
      plans.push({ url: `${relay.wsUrl}/bench-${i}`, wire: { kind: 'y-websocket' } });
    }
  }
  return plans;
}

/**
 * Client n of a board. Every client is a participant with its own id (16 base64url
 * symbols, the note's author on every relay, so updates are the same size everywhere);
 * to our relay it also proves it with a secret of its own (22 symbols) in `me` and `p`,
 * as the browser does (client/state/session.ts), since the relay may soon let only
 * participants who do so write.
 */
function clientPlan(kind: RelayKind, board: BoardPlan, n: number): ClientPlan {
  const authorId = randomToken(16);
  let url = board.url;
  if (kind === 'ours') url += `&${PARTICIPANT_ID_PARAM}=${authorId}&${PARTICIPANT_SECRET_PARAM}=${randomToken(22)}`;
  return { url, name: `c${n}`, authorId, wire: board.wire };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The relay's usage after a full garbage collection (the relays collect on SIGUSR2). */
async function collectedUsage(relay: RelayProcess): Promise<{ rssMb: number; cpuMs: number }> {
  await settle(500);
  process.kill(relay.pid, 'SIGUSR2');
  await settle(500);
  return processUsage(relay.pid);
}

async function runScenario(kind: RelayKind, scenario: Scenario, run: number): Promise<ScenarioResult> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-relay-bench-'));
  const relay = await spawnRelay(dataDir, 0, RELAY_SCRIPTS[kind], ['--expose-gc']);
  const workers = Array.from({ length: CLIENT_PROCESSES }, () => new BenchWorker<ClientsCommand, ClientsReply>('tests/bench/relayClients.ts'));
  try {
    const boards = await boardPlans(kind, relay, scenario.boards);
    const idle = await collectedUsage(relay);
    // Every board's clients are dealt round the processes, so most deliveries cross processes.
    const plan: ClientPlan[][] = workers.map(() => []);
    let n = 0;
    for (const board of boards) {
      for (let i = 0; i < scenario.clientsPerBoard; i++, n++) plan[n % CLIENT_PROCESSES].push(clientPlan(kind, board, n));
    }
    await Promise.all(workers.map((worker, i) => worker.ask({ type: 'connect', clients: plan[i] })));
    await settle(1_000);
    const connected = await collectedUsage(relay);
    const connections = scenario.boards * scenario.clientsPerBoard;

    const steps: StepResult[] = [];
    const runStep = async (target: number, attempt: number): Promise<StepResult> => {
      const before = processUsage(relay.pid);
      const clientsBefore = workers.map((worker) => processUsage(worker.pid).cpuMs);
      const started = performance.now();
      const replies = await Promise.all(
        workers.map((worker) => worker.ask({ type: 'run', perClientHz: target / connections, durationMs: STEP_MS, graceMs: GRACE_MS })),
      );
      const wallMs = performance.now() - started;
      const after = processUsage(relay.pid);
      const clientsCpuMs = workers.reduce((sum, worker, i) => sum + processUsage(worker.pid).cpuMs - clientsBefore[i], 0);
      const histogram = new LatencyHistogram();
      let sent = 0;
      let received = 0;
      for (const reply of replies) {
        if (reply.type !== 'ran') throw new Error(`A client process answered ${reply.type} to run.`);
        histogram.merge(reply.histogram);
        sent += reply.sent;
        received += reply.received;
      }
      const expected = sent * (scenario.clientsPerBoard - 1);
      const achieved = sent / (STEP_MS / 1000);
      const step: StepResult = {
        relay: kind,
        run,
        scenario: scenario.name,
        targetPerSecond: target,
        attempt,
        achievedPerSecond: achieved,
        p50Ms: histogram.percentile(50),
        p99Ms: histogram.percentile(99),
        deliveredPercent: (100 * received) / expected,
        relayCpuPercent: (100 * (after.cpuMs - before.cpuMs)) / wallMs,
        relayCpuUsPerUpdate: ((after.cpuMs - before.cpuMs) * 1000) / sent,
        clientsCpuPercent: (100 * clientsCpuMs) / wallMs,
        relayRssMb: after.rssMb,
        load1m: Number(loadavg()[0].toFixed(2)),
        sustained: false,
      };
      step.sustained = step.p99Ms <= P99_LIMIT_MS && received >= expected * MIN_DELIVERED && achieved >= target * MIN_ACHIEVED;
      console.log(
        `${kind} ${scenario.name} ${target}/s (run ${run}${attempt > 1 ? ', again' : ''}): p50 ${step.p50Ms.toFixed(2)} ms, p99 ${step.p99Ms.toFixed(2)} ms, ` +
          `delivered ${step.deliveredPercent.toFixed(2)}%, relay CPU ${step.relayCpuPercent.toFixed(0)}% (${step.relayCpuUsPerUpdate.toFixed(0)} µs/update), clients ${step.clientsCpuPercent.toFixed(0)}%, load ${step.load1m}`,
      );
      // Let queues drain and timers settle between steps.
      await settle(500);
      return step;
    };
    for (const [index, target] of scenario.steps.entries()) {
      // Other work on this shared 2-core machine can spoil a step: a failed step is run
      // once more, and fails only if it fails again (the figures that count are the
      // second attempt's). The ladder stops at the first step that fails twice, but never
      // before the light step, whose p99 is compared.
      let step = await runStep(target, 1);
      steps.push(step);
      if (!step.sustained) {
        step = await runStep(target, 2);
        steps.push(step);
      }
      if (!step.sustained && index >= LIGHT_STEP_INDEX) break;
    }
    return {
      relay: kind,
      run,
      scenario: scenario.name,
      connections,
      boards: scenario.boards,
      maxSustainedPerSecond: Math.max(0, ...steps.filter((step) => step.sustained).map((step) => step.targetPerSecond)),
      idleRssMb: idle.rssMb,
      connectedRssMb: connected.rssMb,
      rssPerConnectionKb: ((connected.rssMb - idle.rssMb) * 1024) / connections,
      rssPerBoardKb: ((connected.rssMb - idle.rssMb) * 1024) / scenario.boards,
      steps,
    };
  } finally {
    // The relay closes first, so the TIME_WAIT sockets are its own, not the clients' ports.
    await relay.stop('SIGTERM');
    await Promise.all(workers.map((worker) => worker.end({ type: 'close' })));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The light step's p99, and the relay's CPU per update at `cpuAt` (null if not stepped). */
function p99At(result: ScenarioResult, scenario: Scenario): number | null {
  return result.steps.findLast((step) => step.targetPerSecond === scenario.steps[LIGHT_STEP_INDEX])?.p99Ms ?? null;
}
function cpuAt(result: ScenarioResult, target: number | null): number | null {
  return result.steps.findLast((step) => step.targetPerSecond === target)?.relayCpuUsPerUpdate ?? null;
}
/**
 * The highest step every one of `results` sustained: there the clients, not a relay, set
 * the ceiling on this 2-core machine, so the relays' own CPU per update compares fairly.
 */
function highestSustainedByAll(scenario: Scenario, results: ScenarioResult[]): number | null {
  const both = scenario.steps.filter((target) =>
    results.every((result) => result.steps.some((step) => step.targetPerSecond === target && step.sustained)),
  );
  return both.length > 0 ? both[both.length - 1] : null;
}

const args = process.argv.slice(2);
const rivals = args.includes('--rivals');
const flag = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : null);
const runs = flag('--runs') ?? (rivals ? 3 : 1);
const STEP_MS = flag('--step-ms') ?? (rivals ? RIVALS_STEP_MS : DEFAULT_STEP_MS);
const GRACE_MS = rivals ? RIVALS_GRACE_MS : DEFAULT_GRACE_MS;
const only = args.find((arg) => (RELAY_KINDS as string[]).includes(arg)) as RelayKind | undefined;
const kinds: RelayKind[] = only ? [only] : rivals ? ['ours', ...DURABLE_RIVALS, 'stock'] : ['stock', 'ours'];
/** The floor (stock without a store) decides no target: with --rivals it runs in the first run only. */
const kindsInRun = (run: number) => (rivals && run > 1 ? kinds.filter((kind) => kind !== 'stock') : kinds);
// The floor must not persist because the shell happens to set the stock server's variable.
delete process.env.YPERSISTENCE;

printMachine();
console.log(`steps of ${STEP_MS / 1000} s; a step is sustained when p99 ≤ ${P99_LIMIT_MS} ms and every update arrives`);
console.log(`relays: ${kinds.join(', ')}; ${runs} run(s)`);
const startedAt = performance.now();
const results: ScenarioResult[] = [];
for (let run = 1; run <= runs; run++) {
  for (const scenario of SCENARIOS) {
    // The order rotates from run to run, so no relay always goes first on a cold machine.
    const these = kindsInRun(run);
    const order = these.map((_, i) => these[(i + run - 1) % these.length]);
    for (const kind of order) results.push(await runScenario(kind, scenario, run));
  }
}
const minutes = (performance.now() - startedAt) / 60_000;
console.log(`\n${runs} run(s) of ${kinds.length} relay(s) in ${minutes.toFixed(1)} min`);

printTable(
  'Every step (latency from a client’s change to its arrival at each other client)',
  results.flatMap((result) => result.steps),
  2,
);

if (only) {
  writeResults(`relay-${only}`, { stepMs: STEP_MS, p99LimitMs: P99_LIMIT_MS, results });
  process.exit(0);
}

const of = (kind: RelayKind, scenario: Scenario, run: number) =>
  results.find((result) => result.relay === kind && result.scenario === scenario.name && result.run === run)!;

if (!rivals) {
  const ratios: Row[] = SCENARIOS.map((scenario) => {
    const ours = of('ours', scenario, 1);
    const stock = of('stock', scenario, 1);
    const at = highestSustainedByAll(scenario, [ours, stock]);
    return {
      scenario: scenario.name,
      'at updates/s': scenario.steps[LIGHT_STEP_INDEX],
      'ours p99 ms': p99At(ours, scenario),
      'stock p99 ms': p99At(stock, scenario),
      'ours max sustained/s': ours.maxSustainedPerSecond,
      'stock max sustained/s': stock.maxSustainedPerSecond,
      'throughput ours/stock': stock.maxSustainedPerSecond > 0 ? ours.maxSustainedPerSecond / stock.maxSustainedPerSecond : null,
      'CPU compared at updates/s': at,
      'ours CPU µs/update': cpuAt(ours, at),
      'stock CPU µs/update': cpuAt(stock, at),
      'CPU per update stock/ours': cpuAt(ours, at) && cpuAt(stock, at) ? cpuAt(stock, at)! / cpuAt(ours, at)! : null,
      'ours KB/connection': ours.rssPerConnectionKb,
      'stock KB/connection': stock.rssPerConnectionKb,
      'ours KB/board': ours.rssPerBoardKb,
      'stock KB/board': stock.rssPerBoardKb,
      'memory/board ours/stock': ours.rssPerBoardKb / stock.rssPerBoardKb,
    };
  });
  printTable('Ours against stock (same run)', ratios, 2);
  writeResults('relay', { stepMs: STEP_MS, p99LimitMs: P99_LIMIT_MS, results, ratios });
  process.exit(0);
}

// Rivals: per scenario and run, every relay's figures; then the medians over the runs.
const perRun: Row[] = [];
for (const scenario of SCENARIOS) {
  for (let run = 1; run <= runs; run++) {
    const durable = ['ours', ...DURABLE_RIVALS].map((kind) => of(kind as RelayKind, scenario, run));
    const at = highestSustainedByAll(scenario, durable);
    for (const kind of kindsInRun(run)) {
      const result = of(kind, scenario, run);
      perRun.push({
        scenario: scenario.name,
        run,
        relay: kind,
        'max sustained/s': result.maxSustainedPerSecond,
        [`p99 ms at ${scenario.steps[LIGHT_STEP_INDEX]}/s`]: p99At(result, scenario),
        'KB/board': result.rssPerBoardKb,
        'KB/connection': result.rssPerConnectionKb,
        'CPU µs/update': cpuAt(result, at),
        'CPU compared at/s': at,
      });
    }
  }
}
printTable('Every relay, every run', perRun, 1);

const summary = SCENARIOS.map((scenario) => {
  const byKind = Object.fromEntries(
    kinds.map((kind) => {
      const mine = Array.from({ length: runs }, (_, i) => of(kind, scenario, i + 1)).filter(Boolean);
      return [
        kind,
        {
          maxSustainedPerSecond: mine.map((r) => r.maxSustainedPerSecond),
          lightP99Ms: mine.map((r) => p99At(r, scenario)),
          rssPerBoardKb: mine.map((r) => r.rssPerBoardKb),
          rssPerConnectionKb: mine.map((r) => r.rssPerConnectionKb),
        },
      ];
    }),
  );
  // Per run: ours over the better of the two durable rivals, the figure the target is about.
  const throughputRatios = Array.from({ length: runs }, (_, i) => {
    const best = Math.max(...DURABLE_RIVALS.map((kind) => byKind[kind].maxSustainedPerSecond[i]));
    return best > 0 ? byKind.ours.maxSustainedPerSecond[i] / best : null;
  });
  return { scenario: scenario.name, lightStep: scenario.steps[LIGHT_STEP_INDEX], byKind, throughputRatios };
});
printTable(
  'Medians over the runs (each run’s figures in brackets)',
  summary.flatMap(({ scenario, byKind, lightStep }) =>
    kinds.map((kind) => {
      const k = byKind[kind];
      const runsOf = (values: (number | null)[], digits: number) => `${median(values.filter((v): v is number => v !== null)).toFixed(digits)} [${values.map((v) => (v === null ? '–' : v.toFixed(digits))).join(', ')}]`;
      return {
        scenario,
        relay: kind,
        'max sustained/s': runsOf(k.maxSustainedPerSecond, 0),
        [`p99 ms at ${lightStep}/s`]: runsOf(k.lightP99Ms, 1),
        'KB/board': runsOf(k.rssPerBoardKb, 0),
      };
    }),
  ),
);
writeResults('relay-rivals', { stepMs: STEP_MS, graceMs: GRACE_MS, p99LimitMs: P99_LIMIT_MS, runs, kinds, durableRivals: DURABLE_RIVALS, minutes, summary, perRun, results });

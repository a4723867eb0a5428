// The cluster against one relay (issue 15), `npm run bench -- cluster`, in about 2–4 minutes:
//   - three relays (server/main.ts with DATABASE_URL and REDIS_URL, as `npm start` runs one)
//     over a PostgreSQL and a Redis the bench starts itself (tests/helpers/services.ts),
//     PostgreSQL with fsync on as in production, since "saved" waits for its commits;
//   - 48 light clients (relayClients.ts, two processes) on one board, dealt round the
//     relays, every client retyping a note at a steady rate and asking for each edit to be
//     confirmed as stored (message type 7, one request in flight, as the browser's save
//     tracker does), at 100, 500, 1,000 and 2,000 updates/s in all;
//   - the same clients on one relay on the embedded LevelDB store, the same steps.
// It prints, per step: latency from a client's edit to its arrival at the others (and, in
// the cluster, at the clients on another relay: the bus's path, after the PostgreSQL
// commit), edit → "saved", and CPU per update of the relays, PostgreSQL and Redis; then
// the ratios cluster / single, and what one synced LevelDB batch and one PostgreSQL commit
// cost on this disk. Writes tests/bench/results/cluster.json.
//   npx tsx tests/bench/cluster.bench.ts [--runs 2] [--relays 3] [--step-ms 3000]
// Each run measures both modes, the order swapped from run to run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Level } from 'level';
import pg from 'pg';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { PARTICIPANT_ID_PARAM, PARTICIPANT_SECRET_PARAM } from '../../shared/protocol.ts';
import { createBoardAt, spawnRelay, type RelayProcess } from '../helpers/childRelay.ts';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../helpers/services.ts';
import { BenchWorker } from './benchWorker.ts';
import { LatencyHistogram } from './latencyHistogram.ts';
import type { ClientPlan, ClientsCommand, ClientsReply } from './relayClients.ts';
import { median, printMachine, printTable, processUsage, writeResults, type Row } from './report.ts';

type Mode = 'cluster' | 'single';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : null);
const RUNS = flag('--runs') ?? 2;
const RELAYS = flag('--relays') ?? 3;
const STEP_MS = flag('--step-ms') ?? 3_000;
const WARM_UP_MS = 2_000;
/** Time after a step for the last updates and confirmations to arrive. */
const GRACE_MS = 750;
/** Divisible by 2 and 3: as many clients on each relay and in each client process. */
const CLIENTS = 48;
const CLIENT_PROCESSES = 2;
const STEPS = [100, 500, 1_000, 2_000];
/** The issue's target: cross-relay p99 at most 20 ms at 500 updates/s. */
const TARGET_STEP = 500;
const TARGET_P99_MS = 20;
const MIN_DELIVERED = 0.999;
/** A step whose clients sent less than this share of the target measured a starved machine, not the relays. */
const MIN_ACHIEVED = 0.9;

interface StepResult extends Row {
  mode: Mode;
  run: number;
  targetPerSecond: number;
  achievedPerSecond: number;
  /** The clients sent at least 90 % of the target: otherwise the machine, not the relays, was measured. */
  clientsKeptUp: boolean;
  /** Every delivery: sender's edit → arrival at another client. */
  p50Ms: number;
  p99Ms: number;
  /** Deliveries to a client on another relay than the sender's (cluster only). */
  crossP50Ms: number | null;
  crossP99Ms: number | null;
  /** Edit → the relay's confirmation that it is stored ("All changes saved"). */
  savedP50Ms: number;
  savedP99Ms: number;
  confirmations: number;
  /**
   * Markers received, % of (sent × other clients). Below 100 in a cluster without anything
   * lost: an edit superseded within one stored batch reaches the other relays' clients
   * without its text (relayClients.ts).
   */
  deliveredPercent: number;
  /** Pairs (receiver, other client) where the receiver got the other's last edit of the step, %: below 100 is a loss or a lag past the grace time. */
  lastEditsSeenPercent: number;
  /** All relays' CPU time per update sent, in µs. */
  relaysCpuUsPerUpdate: number;
  /** The busiest relay's CPU, % of one core. */
  busiestRelayCpuPercent: number;
  postgresCpuUsPerUpdate: number | null;
  redisCpuUsPerUpdate: number | null;
  clientsCpuPercent: number;
  load1m: number;
}

const randomToken = (length: number) => randomBytes(length).toString('base64url').slice(0, length);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU ms of each process still alive, by pid. */
function cpuOf(pids: number[]): Map<number, number> {
  const usage = new Map<number, number>();
  for (const pid of pids) {
    try {
      usage.set(pid, processUsage(pid).cpuMs);
    } catch {
      // Ended (a PostgreSQL backend closing): its time is not counted.
    }
  }
  return usage;
}
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpuMs] of after) total += cpuMs - (before.get(pid) ?? cpuMs);
  return total;
}

interface Services {
  postgres: PostgresServer;
  redis: RedisServer;
}

/** The relays of one mode: a fresh database and Redis prefix, or a fresh data folder. */
async function startRelays(mode: Mode, services: Services, run: number): Promise<{ relays: RelayProcess[]; cleanup: () => Promise<void> }> {
  if (mode === 'single') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-cluster-bench-'));
    const relay = await spawnRelay(dataDir, 0, 'server/main.ts', [], { DATABASE_URL: '', REDIS_URL: '' });
    return {
      relays: [relay],
      cleanup: async () => {
        await relay.stop('SIGTERM');
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const env = { DATABASE_URL: await services.postgres.createDatabase(), REDIS_URL: services.redis.url, REDIS_PREFIX: `bench${run}` };
  // The first creates the schema; the others find it there.
  const relays = [await spawnRelay('/nonexistent-data-dir', 0, 'server/main.ts', [], env)];
  relays.push(...(await Promise.all(Array.from({ length: RELAYS - 1 }, () => spawnRelay('/nonexistent-data-dir', 0, 'server/main.ts', [], env)))));
  return { relays, cleanup: async () => void (await Promise.all(relays.map((relay) => relay.stop('SIGTERM')))) };
}

/** The relays with everyone connected and nobody editing: heartbeats, pings, timers. */
interface IdleResult {
  mode: Mode;
  run: number;
  /** All relays' CPU, % of one core. */
  relaysCpuPercent: number;
  /** All relays' resident memory, MB. */
  relaysRssMb: number;
}
const IDLE_MS = 2_000;

async function runMode(mode: Mode, services: Services, run: number): Promise<{ steps: StepResult[]; idle: IdleResult }> {
  const { relays, cleanup } = await startRelays(mode, services, run);
  const workers = Array.from({ length: CLIENT_PROCESSES }, () => new BenchWorker<ClientsCommand, ClientsReply>('tests/bench/relayClients.ts'));
  try {
    const { id, editSecret } = await createBoardAt(relays[0].url, `Cluster bench ${run}`);
    const plan: ClientPlan[][] = workers.map(() => []);
    for (let n = 0; n < CLIENTS; n++) {
      const relay = n % relays.length;
      const authorId = randomToken(16);
      plan[n % CLIENT_PROCESSES].push({
        url: `${relays[relay].wsUrl}/${id}?${ACCESS_KEY_PARAM}=${editSecret}&${PARTICIPANT_ID_PARAM}=${authorId}&${PARTICIPANT_SECRET_PARAM}=${randomToken(22)}`,
        name: `c${n}-r${relay}`,
        authorId,
        wire: { kind: 'y-websocket' },
        relay,
        confirm: true,
      });
    }
    await Promise.all(workers.map((worker, i) => worker.ask({ type: 'connect', clients: plan[i] })));
    await settle(1_000);
    // Not measured: every client's first edits (its Yjs client id joins the board's roster,
    // a cluster's relays learn it from the record) and the relays' first compiled code.
    await Promise.all(workers.map((worker) => worker.ask({ type: 'run', perClientHz: STEPS[0] / CLIENTS, durationMs: WARM_UP_MS, graceMs: GRACE_MS })));
    await settle(500);
    const idleBefore = cpuOf(relays.map((relay) => relay.pid));
    await settle(IDLE_MS);
    const idle: IdleResult = {
      mode,
      run,
      relaysCpuPercent: (100 * cpuSince(idleBefore, cpuOf(relays.map((relay) => relay.pid)))) / IDLE_MS,
      relaysRssMb: relays.reduce((sum, relay) => sum + processUsage(relay.pid).rssMb, 0),
    };
    console.log(`${mode} (run ${run}), ${CLIENTS} clients connected, idle: relays ${idle.relaysCpuPercent.toFixed(1)}% of a core, ${idle.relaysRssMb.toFixed(0)} MB`);

    const steps: StepResult[] = [];
    for (const target of STEPS) {
      const relayPids = relays.map((relay) => relay.pid);
      const pgPids = mode === 'cluster' ? services.postgres.pids() : [];
      const redisPid = mode === 'cluster' ? services.redis.pid() : null;
      const before = { relays: cpuOf(relayPids), pg: cpuOf(pgPids), redis: cpuOf(redisPid ? [redisPid] : []), clients: cpuOf(workers.map((w) => w.pid)) };
      const started = performance.now();
      const replies = await Promise.all(workers.map((worker) => worker.ask({ type: 'run', perClientHz: target / CLIENTS, durationMs: STEP_MS, graceMs: GRACE_MS })));
      const wallMs = performance.now() - started;
      const after = { relays: cpuOf(relayPids), pg: cpuOf(pgPids), redis: cpuOf(redisPid ? [redisPid] : []), clients: cpuOf(workers.map((w) => w.pid)) };
      const all = new LatencyHistogram();
      const cross = new LatencyHistogram();
      const saved = new LatencyHistogram();
      let sent = 0;
      let received = 0;
      const lastSent: Record<string, number> = {};
      const lastSeen: Record<string, Record<string, number>> = {};
      for (const reply of replies) {
        if (reply.type !== 'ran') throw new Error(`A client process answered ${reply.type} to run.`);
        Object.assign(lastSent, reply.lastSent);
        Object.assign(lastSeen, reply.lastSeen);
        all.merge(reply.histogram);
        cross.merge(reply.crossRelayHistogram);
        saved.merge(reply.confirmHistogram);
        sent += reply.sent;
        received += reply.received;
      }
      const perUpdate = (cpuMs: number) => (cpuMs * 1000) / sent;
      let pairs = 0;
      let pairsSeen = 0;
      for (const receiver of Object.keys(lastSeen)) {
        for (const [sender, at] of Object.entries(lastSent)) {
          if (sender === receiver || at === 0) continue;
          pairs++;
          if ((lastSeen[receiver][sender] ?? 0) >= at) pairsSeen++;
        }
      }
      const step: StepResult = {
        mode,
        run,
        targetPerSecond: target,
        achievedPerSecond: sent / (STEP_MS / 1000),
        clientsKeptUp: sent / (STEP_MS / 1000) >= target * MIN_ACHIEVED,
        p50Ms: all.percentile(50),
        p99Ms: all.percentile(99),
        crossP50Ms: cross.size > 0 ? cross.percentile(50) : null,
        crossP99Ms: cross.size > 0 ? cross.percentile(99) : null,
        savedP50Ms: saved.percentile(50),
        savedP99Ms: saved.percentile(99),
        confirmations: saved.size,
        deliveredPercent: (100 * received) / (sent * (CLIENTS - 1)),
        lastEditsSeenPercent: (100 * pairsSeen) / pairs,
        relaysCpuUsPerUpdate: perUpdate(cpuSince(before.relays, after.relays)),
        busiestRelayCpuPercent: Math.max(...relayPids.map((pid) => (100 * ((after.relays.get(pid) ?? 0) - (before.relays.get(pid) ?? 0))) / wallMs)),
        postgresCpuUsPerUpdate: mode === 'cluster' ? perUpdate(cpuSince(before.pg, after.pg)) : null,
        redisCpuUsPerUpdate: mode === 'cluster' ? perUpdate(cpuSince(before.redis, after.redis)) : null,
        clientsCpuPercent: (100 * cpuSince(before.clients, after.clients)) / wallMs,
        load1m: Number(loadavg()[0].toFixed(2)),
      };
      const ms = (value: number | null) => (value === null ? '–' : value.toFixed(2));
      console.log(
        `${mode} ${target}/s (run ${run}): p50 ${ms(step.p50Ms)} ms, p99 ${ms(step.p99Ms)} ms` +
          (mode === 'cluster' ? `, across relays p50 ${ms(step.crossP50Ms)} p99 ${ms(step.crossP99Ms)} ms` : '') +
          `, saved p50 ${ms(step.savedP50Ms)} p99 ${ms(step.savedP99Ms)} ms, markers ${step.deliveredPercent.toFixed(1)}%, last edits ${step.lastEditsSeenPercent.toFixed(1)}%, ` +
          `relays ${step.relaysCpuUsPerUpdate.toFixed(0)} µs/update${mode === 'cluster' ? `, PostgreSQL ${step.postgresCpuUsPerUpdate!.toFixed(0)}, Redis ${step.redisCpuUsPerUpdate!.toFixed(0)}` : ''}, load ${step.load1m}`,
      );
      steps.push(step);
      // Let queues drain and timers settle between steps.
      await settle(500);
    }
    return { steps, idle };
  } finally {
    // CLUSTER_BENCH_LOG=1: what the relays said, e.g. when updates went missing.
    if (process.env.CLUSTER_BENCH_LOG === '1') for (const [i, relay] of relays.entries()) console.log(`--- ${mode} relay ${i}:\n${relay.output().slice(-3_000)}`);
    // The relays close first, so the TIME_WAIT sockets are theirs, not the clients' ports.
    await cleanup();
    await Promise.all(workers.map((worker) => worker.end({ type: 'close' })));
  }
}

interface CommitCost {
  what: string;
  /** Synced (fsync) and not: ms per batch or commit. */
  syncedP50Ms: number;
  syncedP99Ms: number;
  unsyncedP50Ms: number;
  unsyncedP99Ms: number;
  /** The fsync's share: synced p50 − unsynced p50. */
  fsyncMs: number;
}

function costOf(what: string, synced: number[], unsynced: number[]): CommitCost {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const at = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
  return {
    what,
    syncedP50Ms: at(synced, 50),
    syncedP99Ms: at(synced, 99),
    unsyncedP50Ms: at(unsynced, 50),
    unsyncedP99Ms: at(unsynced, 99),
    fsyncMs: at(synced, 50) - at(unsynced, 50),
  };
}

const COMMITS = 200;
/** About one turn's merged update of a board at these rates. */
const UPDATE_BYTES = 200;

/**
 * The LevelDB group commit as LeveldbStore writes it (one `db.batch`, one entry per board
 * that changed in the turn) with `sync: true` and without, in a folder on the same disk the
 * relays' data goes to; and one PostgreSQL transaction (an insert, as a turn's batch with
 * one board) with synchronous_commit on and off.
 */
async function commitCosts(postgres: PostgresServer): Promise<CommitCost[]> {
  const costs: CommitCost[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'beliefmap-fsync-bench-'));
  const db = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
  try {
    for (const boards of [1, 50]) {
      const times = { synced: [] as number[], unsynced: [] as number[] };
      let key = 0;
      for (let i = 0; i < COMMITS * 2; i++) {
        const sync = i % 2 === 0;
        const operations = Array.from({ length: boards }, () => ({ type: 'put' as const, key: `u${String(key++).padStart(9, '0')}`, value: randomBytes(UPDATE_BYTES) }));
        const started = performance.now();
        await db.batch(operations, { sync });
        (sync ? times.synced : times.unsynced).push(performance.now() - started);
      }
      costs.push(costOf(`LevelDB batch, ${boards} board${boards > 1 ? 's' : ''} × ${UPDATE_BYTES} B`, times.synced, times.unsynced));
    }
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
  const client = new pg.Client({ connectionString: await postgres.createDatabase() });
  await client.connect();
  try {
    await client.query('CREATE TABLE log (id bigserial PRIMARY KEY, data bytea)');
    const times = { synced: [] as number[], unsynced: [] as number[] };
    for (let i = 0; i < COMMITS * 2; i++) {
      const sync = i % 2 === 0;
      await client.query(`SET synchronous_commit = ${sync ? 'on' : 'off'}`);
      const started = performance.now();
      await client.query('BEGIN');
      await client.query('INSERT INTO log (data) VALUES ($1)', [randomBytes(UPDATE_BYTES)]);
      await client.query('COMMIT');
      (sync ? times.synced : times.unsynced).push(performance.now() - started);
    }
    costs.push(costOf(`PostgreSQL commit, 1 row × ${UPDATE_BYTES} B`, times.synced, times.unsynced));
  } finally {
    await client.end();
  }
  return costs;
}

printMachine();
console.log(
  `${RELAYS} relays over PostgreSQL (fsync on) and Redis against one relay on LevelDB; ${CLIENTS} clients on one board; ` +
    `steps ${STEPS.join(', ')} updates/s of ${STEP_MS / 1000} s; ${RUNS} run(s)`,
);
if (loadavg()[0] > 1) console.log(`warning: load average ${loadavg()[0].toFixed(2)} before the start: others are using this machine; figures will move.`);
const startedAt = performance.now();
const [postgres, redis] = await Promise.all([startPostgres({ durable: true }), startRedis()]);
const results: StepResult[] = [];
const idles: IdleResult[] = [];
let costs: CommitCost[];
try {
  for (let run = 1; run <= RUNS; run++) {
    const order: Mode[] = run % 2 === 1 ? ['cluster', 'single'] : ['single', 'cluster'];
    for (const mode of order) {
      const { steps, idle } = await runMode(mode, { postgres, redis }, run);
      results.push(...steps);
      idles.push(idle);
    }
  }
  costs = await commitCosts(postgres);
} finally {
  await redis.destroy();
  await postgres.destroy();
}
const minutes = (performance.now() - startedAt) / 60_000;

const stepOf = (mode: Mode, run: number, target: number) => results.find((step) => step.mode === mode && step.run === run && step.targetPerSecond === target)!;
const fixed = (value: number | null, digits = 1) => (value === null ? '–' : value.toFixed(digits));

printTable(
  'Per step (latencies in ms; CPU in µs per update sent; * the clients sent under 90 % of the target: the machine was starved)',
  results.map((step) => ({
    mode: step.mode,
    run: step.run,
    'target/s': step.targetPerSecond,
    'achieved/s': `${Math.round(step.achievedPerSecond)}${step.clientsKeptUp ? '' : '*'}`,
    p50: fixed(step.p50Ms, 2),
    p99: fixed(step.p99Ms, 2),
    'cross p50': fixed(step.crossP50Ms, 2),
    'cross p99': fixed(step.crossP99Ms, 2),
    'saved p50': fixed(step.savedP50Ms, 2),
    'saved p99': fixed(step.savedP99Ms, 2),
    'markers %': fixed(step.deliveredPercent, 1),
    'last edits %': fixed(step.lastEditsSeenPercent, 1),
    'relays µs': Math.round(step.relaysCpuUsPerUpdate),
    'busiest relay %': Math.round(step.busiestRelayCpuPercent),
    'PG µs': step.postgresCpuUsPerUpdate === null ? null : Math.round(step.postgresCpuUsPerUpdate),
    'Redis µs': step.redisCpuUsPerUpdate === null ? null : Math.round(step.redisCpuUsPerUpdate),
    load: step.load1m,
  })),
);

printTable(
  `Connected and idle (${IDLE_MS / 1000} s, nobody editing)`,
  idles.map((idle) => ({ mode: idle.mode, run: idle.run, 'relays CPU %': fixed(idle.relaysCpuPercent, 1), 'relays RSS MB': Math.round(idle.relaysRssMb) })),
);

const runs = Array.from({ length: RUNS }, (_, i) => i + 1);
const ratios = runs.flatMap((run) =>
  STEPS.map((target) => {
    const cluster = stepOf('cluster', run, target);
    const single = stepOf('single', run, target);
    return {
      run,
      targetPerSecond: target,
      savedP50Ratio: cluster.savedP50Ms / single.savedP50Ms,
      savedP99Ratio: cluster.savedP99Ms / single.savedP99Ms,
      relaysCpuRatio: cluster.relaysCpuUsPerUpdate / single.relaysCpuUsPerUpdate,
      /** The cluster's relays, PostgreSQL and Redis, against the one relay with its embedded store. */
      wholeCpuRatio: (cluster.relaysCpuUsPerUpdate + (cluster.postgresCpuUsPerUpdate ?? 0) + (cluster.redisCpuUsPerUpdate ?? 0)) / single.relaysCpuUsPerUpdate,
    };
  }),
);
printTable(
  'Cluster / single, per step',
  ratios.map((ratio) => ({
    run: ratio.run,
    'target/s': ratio.targetPerSecond,
    'saved p50 ×': fixed(ratio.savedP50Ratio, 2),
    'saved p99 ×': fixed(ratio.savedP99Ratio, 2),
    'relays CPU/update ×': fixed(ratio.relaysCpuRatio, 2),
    'relays + PG + Redis CPU/update ×': fixed(ratio.wholeCpuRatio, 2),
  })),
);
printTable(
  'What one commit costs on this disk (ms; fsync = synced p50 − unsynced p50)',
  costs.map((cost) => ({
    what: cost.what,
    'synced p50': fixed(cost.syncedP50Ms, 3),
    'synced p99': fixed(cost.syncedP99Ms, 3),
    'unsynced p50': fixed(cost.unsyncedP50Ms, 3),
    'unsynced p99': fixed(cost.unsyncedP99Ms, 3),
    fsync: fixed(cost.fsyncMs, 3),
  })),
  3,
);

const targetP99s = runs.map((run) => stepOf('cluster', run, TARGET_STEP));
const verdict = targetP99s.map((step) => ({
  run: step.run,
  crossP99Ms: step.crossP99Ms,
  clientsKeptUp: step.clientsKeptUp,
  met: step.crossP99Ms !== null && step.crossP99Ms <= TARGET_P99_MS && step.lastEditsSeenPercent >= 100 * MIN_DELIVERED,
}));
const medianCross = median(targetP99s.map((step) => step.crossP99Ms ?? Infinity));
console.log(
  `\nTarget: cross-relay p99 ≤ ${TARGET_P99_MS} ms at ${TARGET_STEP}/s — ` +
    `${verdict.every((v) => v.met) ? 'met' : 'MISSED'} (met in ${verdict.filter((v) => v.met).length} of ${RUNS} run(s)) ` +
    `(${verdict.map((v) => `${fixed(v.crossP99Ms, 2)} ms${v.clientsKeptUp ? '' : ' (clients starved)'}`).join(', ')}; median ${fixed(medianCross, 2)} ms)`,
);
console.log(`took ${minutes.toFixed(1)} minutes`);
writeResults('cluster', {
  relays: RELAYS,
  clients: CLIENTS,
  stepMs: STEP_MS,
  graceMs: GRACE_MS,
  runs: RUNS,
  postgres: 'fsync on, synchronous_commit on (defaults but for max_connections)',
  minutes,
  target: { step: TARGET_STEP, p99Ms: TARGET_P99_MS, verdict },
  ratios,
  commitCosts: costs,
  idle: idles,
  steps: results,
});

// Capacity: how many idle-but-present connections one relay process holds (boards of 20
// people, each with a name and colour in awareness, renewed every 15 s as browsers do),
// and the relay's memory per connection — ours and the stock server, same run. The
// clients are split over two processes. Run: npm run bench -- capacity
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCESS_KEY_PARAM } from '../../shared/access.ts';
import { createBoardAt, spawnRelay } from '../helpers/childRelay.ts';
import { BenchWorker } from './benchWorker.ts';
import type { CapacityCommand, CapacityReply } from './capacityClients.ts';
import { printMachine, printTable, processUsage, writeResults, type Row } from './report.ts';

type RelayKind = 'ours' | 'stock';

const TARGET_CONNECTIONS = 10_000;
const PEOPLE_PER_BOARD = 20;
const BATCHES = 4;
const CLIENT_PROCESSES = 2;
/** Longer than one awareness renewal (15 s), so every presence is renewed while held. */
const HOLD_MS = 20_000;
const TARGET_RSS_MB = 1024;

const RELAY_SCRIPTS: Record<RelayKind, string> = {
  ours: 'tests/bench/benchRelay.ts',
  stock: 'tests/bench/stockRelay.ts',
};

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(kind: RelayKind): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beliefmap-capacity-bench-'));
  const relay = await spawnRelay(dataDir, 0, RELAY_SCRIPTS[kind]);
  const workers = Array.from(
    { length: CLIENT_PROCESSES },
    () => new BenchWorker<CapacityCommand, CapacityReply>('tests/bench/capacityClients.ts'),
  );
  const rows: Row[] = [];
  try {
    const urls: string[] = [];
    for (let board = 0; board < TARGET_CONNECTIONS / PEOPLE_PER_BOARD; board++) {
      let url = `${relay.wsUrl}/capacity-${board}`;
      if (kind === 'ours') {
        const { id, editSecret } = await createBoardAt(relay.url, `Capacity ${board}`);
        url = `${relay.wsUrl}/${id}?${ACCESS_KEY_PARAM}=${editSecret}`;
      }
      for (let person = 0; person < PEOPLE_PER_BOARD; person++) urls.push(url);
    }
    await settle(1_000);
    const idle = processUsage(relay.pid);
    rows.push({ relay: kind, connections: 0, rssMb: idle.rssMb, kbPerConnection: null, held: null });

    const perBatch = TARGET_CONNECTIONS / BATCHES;
    let opened = 0;
    let failed = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      const slice = urls.slice(batch * perBatch, (batch + 1) * perBatch);
      const started = performance.now();
      const replies = await Promise.all(
        workers.map((worker, i) => worker.ask({ type: 'connect', urls: slice.filter((_, j) => j % CLIENT_PROCESSES === i) })),
      );
      for (const reply of replies) {
        if (reply.type !== 'connected') throw new Error(`A client process answered ${reply.type} to connect.`);
        opened += reply.opened;
        failed += reply.failed;
      }
      const connectMs = performance.now() - started;
      await settle(2_000);
      const { rssMb } = processUsage(relay.pid);
      rows.push({
        relay: kind,
        connections: opened,
        failed,
        connectSeconds: connectMs / 1000,
        rssMb,
        kbPerConnection: ((rssMb - idle.rssMb) * 1024) / opened,
      });
      console.log(`${kind}: ${opened} connected (${failed} failed), relay RSS ${rssMb.toFixed(0)} MB`);
    }

    const before = processUsage(relay.pid);
    await settle(HOLD_MS);
    const after = processUsage(relay.pid);
    let open = 0;
    for (const worker of workers) {
      const reply = await worker.ask({ type: 'count' });
      if (reply.type === 'counted') open += reply.open;
    }
    rows.push({
      relay: kind,
      connections: open,
      failed,
      rssMb: after.rssMb,
      kbPerConnection: ((after.rssMb - idle.rssMb) * 1024) / open,
      [`cpu % over ${HOLD_MS / 1000} s held`]: (100 * (after.cpuMs - before.cpuMs)) / HOLD_MS,
      held: open === TARGET_CONNECTIONS && after.rssMb < TARGET_RSS_MB,
    });
    console.log(`${kind}: ${open} still open after ${HOLD_MS / 1000} s, relay RSS ${after.rssMb.toFixed(0)} MB`);
    return rows;
  } finally {
    // The relay closes first, so the TIME_WAIT sockets are its own, not the clients' ports.
    await relay.stop('SIGTERM');
    await Promise.all(workers.map((worker) => worker.end({ type: 'close' })));
    await rm(dataDir, { recursive: true, force: true });
  }
}

printMachine();
console.log(`${TARGET_CONNECTIONS} connections in boards of ${PEOPLE_PER_BOARD}, awareness renewed every 15 s; target < ${TARGET_RSS_MB} MB RSS`);
const rows = [...(await measure('stock')), ...(await measure('ours'))];
printTable('Idle-but-present connections in one relay process', rows, 1);
const held = (kind: RelayKind) => rows.filter((row) => row.relay === kind).at(-1)!;
const ratio = Number(held('ours').kbPerConnection) / Number(held('stock').kbPerConnection);
console.log(`memory per connection, ours / stock: ${ratio.toFixed(2)}`);
writeResults('capacity', { targetConnections: TARGET_CONNECTIONS, peoplePerBoard: PEOPLE_PER_BOARD, holdMs: HOLD_MS, rows, memoryPerConnectionRatio: ratio });

// A short crowd in `npm test` (the long one is tests/bench/load.ts): 20 people on three
// boards for 10 seconds, cursors at 20 Hz, edits at a human pace. Nobody is dropped,
// every change is confirmed, every replica ends equal, and the boards are unloaded once
// everyone has left. Rerun a seed with SEED=<n>.
import { expect, it } from 'vitest';
import { accessOf, startTestRelay, waitFor } from '../helpers/relay.ts';
import { runLoad } from '../helpers/loadRun.ts';

const seed = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
const IDLE_UNLOAD_MS = 300;

it(`carries 20 people on three boards for 10 s without a drop (seed ${seed})`, async () => {
  console.log('load seed', seed);
  const relay = await startTestRelay({ idleUnloadMs: IDLE_UNLOAD_MS });
  try {
    const sizes = [12, 4, 4];
    const boards = [];
    for (const [i, people] of sizes.entries()) {
      const id = await relay.createBoard(`Load ${i}`);
      boards.push({ id, secret: accessOf(id).secrets.edit, people });
    }
    const result = await runLoad({ wsUrl: relay.wsUrl, boards, durationMs: 10_000, awarenessHz: 20, editGapMs: [500, 2_000], seed });
    console.log('load result', JSON.stringify(result));
    expect(result.dropped).toBe(0);
    expect(result.confirmed).toBe(result.edits);
    expect(result.equalBoards).toBe(sizes.length);

    const health = async () => (await fetch(`${relay.server.url}/healthz`)).json() as Promise<{ boardsLoaded: number; connections: number }>;
    await waitFor(async () => {
      const { boardsLoaded, connections } = await health();
      return boardsLoaded === 0 && connections === 0;
    }, 5_000, 'every board to be unloaded');
  } finally {
    await relay.close();
  }
}, 60_000);

// `npm run bench`: every benchmark, one after another (they would skew each other's
// timings if run at once); `npm run bench -- relay capacity` runs only those named.
// Each prints its table and writes tests/bench/results/<name>.json. Exits non-zero if
// any of them fails. `rivals` (ours against the relays and the canvas a team would pick
// instead, with every target's verdict, tests/bench/rivals.ts, under 15 minutes) runs
// only when named: `npm run bench -- rivals`. `cluster` (three relays over PostgreSQL and
// Redis against one on LevelDB, 2–4 minutes) needs postgresql and redis-server installed.
import { spawnSync } from 'node:child_process';

const BENCHES: Record<string, string> = {
  bundle: 'tests/bench/bundle.bench.ts',
  stats: 'tests/bench/stats.bench.ts',
  relay: 'tests/bench/relay.bench.ts',
  capacity: 'tests/bench/capacity.bench.ts',
  load: 'tests/bench/load.ts',
  coldload: 'tests/bench/coldload.bench.ts',
  canvas: 'tests/bench/canvas.bench.ts',
  cluster: 'tests/bench/cluster.bench.ts',
  history: 'tests/bench/history.bench.ts',
  rivals: 'tests/bench/rivals.ts',
};
/** Run only when named. */
const ON_REQUEST = new Set(['rivals']);

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`No benchmark named ${unknown.join(', ')}. There are: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}

let failed = 0;
for (const [name, bench] of Object.entries(BENCHES)) {
  if (asked.length > 0 ? !asked.includes(name) : ON_REQUEST.has(name)) continue;
  console.log(`\n== ${name} (${bench})`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', bench], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);

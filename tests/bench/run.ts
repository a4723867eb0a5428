// `npm run bench`: every benchmark, one after another (they would skew each other's
// timings if run at once). Exits non-zero if any of them fails.
import { spawnSync } from 'node:child_process';

const BENCHES = ['tests/bench/stats.bench.ts', 'tests/bench/load.ts'];

let failed = 0;
for (const bench of BENCHES) {
  console.log(`\n== ${bench}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', bench], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);

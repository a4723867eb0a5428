// The write that runs at once, then at most once every so often (server/limits/spaced.ts),
// which presence, who-answered and the sealed state go through.
import { expect, it } from 'vitest';
import { Spaced } from '../../server/limits/spaced.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('runs the first ask at once, the asks in its wake as one run when the time comes, and at once again when asked to', async () => {
  const runs: number[] = [];
  const started = performance.now();
  const spaced = new Spaced(60, () => runs.push(performance.now() - started));
  spaced.ask();
  expect(runs).toHaveLength(1);
  spaced.ask();
  spaced.ask();
  expect(spaced.waiting).toBe(true);
  expect(runs).toHaveLength(1);
  await sleep(100);
  expect(runs).toHaveLength(2);
  expect(runs[1]).toBeGreaterThanOrEqual(55);
  // Asked again within its time, then made to run now: one run, not two.
  spaced.ask();
  spaced.runNow();
  expect(spaced.waiting).toBe(false);
  await sleep(100);
  expect(runs).toHaveLength(3);
  // Its time come, an ask runs at once; the next waits, and once dropped does not come.
  spaced.ask();
  spaced.ask();
  spaced.cancel();
  await sleep(100);
  expect(runs).toHaveLength(4);
});

// The relay's rewrite of an update without some of its deletions (updateFilter.ts): the
// delete set left after any cuts — overlapping, empty, spanning several ranges — holds
// exactly the clocks a clock-by-clock reference keeps, in ranges ordered and apart, as
// Yjs requires. Seeded; SEED=<n> reruns it.
import * as prng from 'lib0/prng';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { filterUpdate } from '../../server/rules/updateFilter.ts';
import type { Segment } from '../../server/rules/updateChanges.ts';

const SEED = process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
const CLIENTS = [1, 2];

it(`leaves exactly the clocks no cut covers (seed ${SEED})`, () => {
  console.log(`delete-set subtraction: seed ${SEED} (rerun with SEED=${SEED})`);
  const gen = prng.create(SEED);
  for (let round = 0; round < 20_000; round++) {
    const deleteSet = new Map<number, { clock: number; len: number }[]>();
    const cuts: Segment[] = [];
    const expected = new Map<number, number[]>();
    for (const client of CLIENTS) {
      const ranges: { clock: number; len: number }[] = [];
      let at = prng.int32(gen, 0, 2);
      for (let count = prng.int32(gen, 0, 4); count > 0; count--) {
        const len = prng.int32(gen, 1, 6);
        ranges.push({ clock: at, len });
        // Ranges apart, sometimes by a single clock.
        at += len + 1 + prng.int32(gen, 0, 2);
      }
      if (ranges.length > 0) deleteSet.set(client, ranges);
      const mine: Segment[] = [];
      for (let count = prng.int32(gen, 0, 5); count > 0; count--) mine.push({ client, clock: prng.int32(gen, 0, 29), len: prng.int32(gen, 0, prng.int32(gen, 0, 4) === 0 ? 40 : 5) });
      cuts.push(...mine);
      const kept: number[] = [];
      for (const { clock, len } of ranges) {
        for (let at = clock; at < clock + len; at++) if (!mine.some((cut) => at >= cut.clock && at < cut.clock + cut.len)) kept.push(at);
      }
      expected.set(client, kept);
    }
    const left = Y.decodeUpdate(filterUpdate([], deleteSet, new Set(), prng.bool(gen) ? cuts : [...cuts].reverse())).ds.clients as Map<number, { clock: number; len: number }[]>;
    for (const client of CLIENTS) {
      const got: number[] = [];
      let end = -1;
      for (const { clock, len } of left.get(client) ?? []) {
        expect(len, `round ${round}, seed ${SEED}`).toBeGreaterThan(0);
        expect(clock, `round ${round}, seed ${SEED}: ranges ordered and apart`).toBeGreaterThan(end);
        end = clock + len;
        for (let at = clock; at < clock + len; at++) got.push(at);
      }
      expect(got, `round ${round}, seed ${SEED}`).toEqual(expected.get(client));
    }
  }
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBelief, setBeliefText } from '../../shared/model.ts';
import { mergeStoredUpdatesOffThread, OFF_THREAD_FROM_BYTES } from '../../server/store/offThreadMerge.ts';
import { StoreError } from '../../server/store/boardStore.ts';

/**
 * A busy board's log as the store keeps it: notes retyped `edits` times, the updates of
 * each batch merged into one entry of at most 64 (leveldbStore.ts, MERGE_AT_MOST).
 */
function busyLog(edits: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const ids = Array.from({ length: 20 }, (_, i) => addBelief(doc, { text: '', x: i * 10, y: 0, authorId: 'p1' }, 'test'));
  for (let i = 0; i < edits; i++) setBeliefText(doc, ids[i % ids.length], `[c${i % 50}@${1_733_000_000_000 + i}.123] ${'words '.repeat(i % 7)}`, 'test');
  doc.destroy();
  const log: Uint8Array[] = [];
  for (let start = 0; start < updates.length; start += 64) log.push(Y.mergeUpdates(updates.slice(start, start + 64)));
  return log;
}

const bytesOf = (log: Uint8Array[]) => log.reduce((sum, update) => sum + update.length, 0);

describe('merging a stored log off the event loop', () => {
  it('gives the same board as merging in place, for a log big enough to go to the worker', async () => {
    const log = busyLog(4_000);
    expect(bytesOf(log)).toBeGreaterThan(OFF_THREAD_FROM_BYTES);
    const merged = await mergeStoredUpdatesOffThread('b1', log);
    expect(Buffer.from(merged).equals(Buffer.from(Y.mergeUpdates(log)))).toBe(true);
  });

  it('keeps the event loop turning while a big log is merged', async () => {
    const log = busyLog(8_000);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    const started = performance.now();
    await mergeStoredUpdatesOffThread('b1', log);
    const tookMs = performance.now() - started;
    clearInterval(ticking);
    // Merged in place, not one timer could run until the merge was over.
    console.log(`merged ${log.length} updates (${(bytesOf(log) / 1024).toFixed(0)} KB) in ${tookMs.toFixed(0)} ms; the loop turned ${ticks} times meanwhile`);
    expect(ticks).toBeGreaterThan(3);
  });

  it('refuses a damaged big log naming the entry, as merging in place does', async () => {
    const log = busyLog(4_000);
    log[12] = Uint8Array.from([1, 2, 3, 250, 250, 250]);
    const refusal = await mergeStoredUpdatesOffThread('b1', log).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreError);
    expect(String(refusal)).toContain('stored update 13 of');
  });
});

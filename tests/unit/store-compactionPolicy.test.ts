// When a board's log is merged (server/store/compactionPolicy.ts): after COMPACT_AFTER_UPDATES
// entries on a board whose merged state is small, as before; on a board whose merged state
// is large, only once the log adds up to a quarter of it, or after COMPACT_AT_MOST_AFTER
// entries whatever their size.
import { describe, expect, it } from 'vitest';
import { COMPACT_AFTER_UPDATES, COMPACT_AT_MOST_AFTER } from '../../shared/limits.ts';
import { CompactionPolicy } from '../../server/store/compactionPolicy.ts';

/** Appends entries of `size` bytes one at a time; the number of the entry that asked for a merge, or null. */
function entriesUntilMerge(policy: CompactionPolicy, id: string, size: number, limit = 10_000): number | null {
  for (let n = 1; n <= limit; n++) if (policy.appended(id, 1, size)) return n;
  return null;
}

describe('the compaction policy', () => {
  it('merges a small board after COMPACT_AFTER_UPDATES entries, as it always did', () => {
    const policy = new CompactionPolicy();
    policy.loaded('small', 2_000, 0, 0);
    expect(entriesUntilMerge(policy, 'small', 100)).toBe(COMPACT_AFTER_UPDATES + 1);
    expect(entriesUntilMerge(new CompactionPolicy(), 'never-merged', 10)).toBe(COMPACT_AFTER_UPDATES + 1);
  });

  it('waits on a big board until the log is a quarter of its merged state', () => {
    const policy = new CompactionPolicy();
    policy.loaded('big', 400_000, 0, 0);
    // 100 bytes an entry: a quarter of 400 KB is 1,000 entries.
    expect(entriesUntilMerge(policy, 'big', 100)).toBe(1_000);
  });

  it('merges after COMPACT_AT_MOST_AFTER entries however big the board', () => {
    const policy = new CompactionPolicy();
    policy.loaded('huge', 50_000_000, 0, 0);
    expect(entriesUntilMerge(policy, 'huge', 100)).toBe(COMPACT_AT_MOST_AFTER + 1);
  });

  it('counts again from a merge, against the merged size', () => {
    const policy = new CompactionPolicy();
    policy.loaded('board', 0, 0, 0);
    expect(entriesUntilMerge(policy, 'board', 1_000)).toBe(COMPACT_AFTER_UPDATES + 1);
    policy.merging('board');
    policy.merged('board', 2_000_000);
    // 1 KB entries against 2 MB: 500 of them.
    expect(entriesUntilMerge(policy, 'board', 1_000)).toBe(500);
    // What is appended while a merge runs counts toward the next one.
    policy.merging('board');
    policy.appended('board', 200, 200_000);
    policy.merged('board', 2_000_000);
    expect(entriesUntilMerge(policy, 'board', 1_000)).toBe(300);
  });

  it('knows the log a board was loaded with', () => {
    const policy = new CompactionPolicy();
    policy.loaded('board', 1_000, COMPACT_AFTER_UPDATES, 30_000);
    expect(policy.appended('board', 1, 100)).toBe(true);
  });
});

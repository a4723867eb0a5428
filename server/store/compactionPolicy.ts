// When a board's log is merged into one entry, for both stores. Merging rewrites the whole
// board, its history included (compaction keeps deleted content, which the history's
// replay needs), so merging every COMPACT_AFTER_UPDATES entries rewrote megabytes for a few
// kilobytes of new log on a board with a long history and small changes: 12–14 % of the
// relay's CPU on a busy board, and every merge written with an fsync (docs/performance.md).
// So the log must also have grown by a quarter of the state it merges into, which bounds
// how often each byte is rewritten. A cap on the entries keeps a load's merge short
// whatever their size; on a very large board it comes first, and merges are then every
// COMPACT_AT_MOST_AFTER entries (still far rarer than before).
import { COMPACT_AFTER_UPDATES, COMPACT_AT_MOST_AFTER } from '../../shared/limits.ts';

interface LogSize {
  /** Entries since the last merge. */
  entries: number;
  /** Their bytes. */
  bytes: number;
  /** The bytes of the last merged state (0: never merged). */
  merged: number;
}

export class CompactionPolicy {
  private readonly logs = new Map<string, LogSize>();

  /** A board's log as read: the merged state's size (0 if none) and the entries after it. */
  loaded(id: string, merged: number, entries: number, bytes: number): void {
    this.logs.set(id, { entries, bytes, merged });
  }

  /** Entries written to a board's log; true when it is time to merge them. */
  appended(id: string, entries: number, bytes: number): boolean {
    let log = this.logs.get(id);
    if (!log) this.logs.set(id, (log = { entries: 0, bytes: 0, merged: 0 }));
    log.entries += entries;
    log.bytes += bytes;
    return log.entries > COMPACT_AT_MOST_AFTER || (log.entries > COMPACT_AFTER_UPDATES && log.bytes * 4 >= log.merged);
  }

  /** A merge begins: what was appended so far is in it. */
  merging(id: string): void {
    const log = this.logs.get(id);
    if (log) {
      log.entries = 0;
      log.bytes = 0;
    }
  }

  /** A merge is written: its size is what the next one is weighed against. */
  merged(id: string, bytes: number): void {
    const log = this.logs.get(id);
    if (log) log.merged = bytes;
    else this.logs.set(id, { entries: 0, bytes: 0, merged: bytes });
  }
}

// A board's history in one document with garbage collection off, built from the stored
// log (which keeps every value ever written: compaction merges updates, it does not
// collect them), and its moments, added up into `Y.Snapshot`s: the board as it was after
// each stored batch is `Y.createDocFromSnapshot(history, snapshot)`. Parts can be added
// in any order as they arrive (docs/history.md).
import * as Y from 'yjs';
import { decodeMomentChange, type MomentChange } from './momentCodec.ts';

export interface Moment {
  /** The number of the stored batch in the board's log. */
  seq: number;
  /** When it was stored (ms since epoch). */
  at: number;
  change: MomentChange;
}

export class BoardHistory {
  /** Every struct the log holds; never garbage-collected, so any earlier state can be read. */
  readonly doc = new Y.Doc({ gc: false });
  private readonly list: Moment[] = [];

  get moments(): readonly Moment[] {
    return this.list;
  }

  /** Adds stored log entries (any order, repeats are harmless: Yjs applies a struct once). */
  addLog(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update);
  }

  /** Adds moments as the store encoded them; they are kept in the log's order. */
  addMoments(moments: readonly { seq: number; at: number; change: Uint8Array }[]): void {
    const known = new Set(this.list.map((moment) => moment.seq));
    const added = moments.filter((moment) => !known.has(moment.seq)).map((moment) => ({ ...moment, change: decodeMomentChange(moment.change) }));
    this.list.push(...added);
    this.list.sort((a, b) => a.seq - b.seq);
  }

  /** The index of the last moment stored at or before `at`, or -1 when the board is younger. */
  indexAt(at: number): number {
    let low = 0;
    let high = this.list.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.list[middle].at <= at) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /** The board after the moment at `index`, as a snapshot of the history document. */
  snapshotAt(index: number): Y.Snapshot {
    const moments = this.list.slice(0, index + 1);
    // Added up afresh each time: a batch names one or two writers, so this is cheap, and
    // a state vector per moment kept in memory would grow with moments × writers.
    const clocks = new Map<number, number>();
    for (const moment of moments) {
      for (const [client, clock] of moment.change.to) clocks.set(client, Math.max(clocks.get(client) ?? 0, clock));
    }
    const sv = new Map<number, number>();
    for (const [client, clock] of clocks) {
      // A moment may name structs of a log page not fetched yet: only what is here is read.
      const held = Y.getState(this.doc.store, client);
      if (Math.min(clock, held) > 0) sv.set(client, Math.min(clock, held));
    }
    return Y.createSnapshot(Y.mergeDeleteSets(moments.map((moment) => moment.change.deleted)), sv);
  }

  /** A new document holding the board as it was after the moment at `index` (read-only by use: nothing sends it). */
  docAt(index: number): Y.Doc {
    return Y.createDocFromSnapshot(this.doc, this.snapshotAt(index));
  }
}

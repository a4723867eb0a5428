// The limit on a board's encoded size, checked before an update is applied against a
// running estimate (the size at load plus every accepted update: an upper bound, since
// updates overlap). Only when the estimate passes the limit is the exact size measured,
// so the cost is paid near the limit. The limits on beliefs and note text are rules on
// what an update changes (server/rules/decideUpdate.ts).
import * as Y from 'yjs';

export class BoardGuard {
  private estimatedBytes: number;

  /** `loadedBytes`: the size of the state the board was loaded from (encoding it again costs as much as loading). */
  constructor(
    private readonly doc: Y.Doc,
    private readonly maxBoardBytes: number,
    loadedBytes: number,
  ) {
    this.estimatedBytes = loadedBytes;
  }

  /** Whether applying an update of `bytes` keeps the board within its size. */
  fits(bytes: number): boolean {
    if (this.estimatedBytes + bytes <= this.maxBoardBytes) return true;
    this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
    return this.estimatedBytes + bytes <= this.maxBoardBytes;
  }

  /** At least the board's encoded size now: the estimate, never below it. */
  get sizeAtMost(): number {
    return this.estimatedBytes;
  }

  /** Counts an update that was applied. */
  accepted(bytes: number): void {
    this.estimatedBytes += bytes;
  }
}

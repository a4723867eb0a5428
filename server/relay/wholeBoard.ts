// The first reply to a browser that has none of the board (an empty state vector): the
// whole board as one sync step 2, encoded and framed once, and before it the changes
// accepted since it was made, as one merged update. A workshop's people arrive while others
// are already writing; encoding the whole board again for each newcomer after each change
// cost the relay's thread ≈ 0.1–0.3 s per newcomer on a board of 2,000 beliefs × 30 people
// (docs/performance.md), in which no other change on the relay went anywhere. Now a crowd
// costs one encoding, until the changes since add up to enough that encoding the board
// again is the cheaper reply.
//
// The changes go first: a browser takes the board it holds when its first sync (the step
// 2) completes as the board — it frames its view on it, and compares later changes with it
// — so by then it must hold everything. Yjs keeps what in the changes builds on the board
// waiting until the step 2 brings it, and takes it in with it.
//
// Never from the bytes as stored, and not across a change that takes away what must be
// gone for every link (the room decides which, Room.mayReachNewcomersAsIs): the stored
// log and a change kept as it came hold what later changes removed — a deleted comment's
// words, a removed participant's answers, named answers an anonymous board put under
// pseudonyms — and only the document's own encoding has dropped them. After such a change
// the next newcomer's reply is encoded afresh.
//
// A browser that reads compressed messages gets each of them compressed (compressedMessages.ts),
// made once as well and kept beside the plain ones.
import * as Y from 'yjs';
import { compressedMessage } from './compressedMessages.ts';
import { encodeSyncStep2, encodeUpdateMessage } from './messages.ts';

/** Past this many changes since the whole board was encoded, it is encoded again. */
const MAX_CHANGES_SINCE = 1_000;
/** …or past this share of the whole board's size in bytes (at least MIN_BYTES_SINCE). */
const MAX_SHARE_SINCE = 1 / 8;
const MIN_BYTES_SINCE = 64 * 1024;

export class WholeBoardReply {
  /** The whole board as a sync step 2, as of when it was made. */
  private framed: Uint8Array | null = null;
  /** The length of the update at the end of `framed`. */
  private wholeLength = 0;
  private framedCompressed: Uint8Array | null = null;
  private since: Uint8Array[] = [];
  private bytesSince = 0;
  private mergedSince: Uint8Array | null = null;
  private mergedSinceCompressed: Uint8Array | null = null;

  /** `encodeWhole`: the document's whole state now, encoded. */
  constructor(private readonly encodeWhole: () => Uint8Array) {}

  /**
   * An accepted change; `mayKeep` says whether it may reach later newcomers as it came (false
   * when it takes away what must be gone), asked only while there is a reply to keep it for.
   */
  changed(update: Uint8Array, mayKeep: () => boolean): void {
    const base = this.framed;
    if (!base) return;
    if (!mayKeep()) {
      this.reset();
      return;
    }
    this.since.push(update);
    this.bytesSince += update.length;
    this.mergedSince = null;
    this.mergedSinceCompressed = null;
    if (this.since.length > MAX_CHANGES_SINCE || this.bytesSince > Math.max(MIN_BYTES_SINCE, base.length * MAX_SHARE_SINCE)) this.reset();
  }

  /**
   * The messages that give a browser with nothing the whole board as it is now, the sync
   * step 2 last; `compressed` for a browser that reads compressed messages.
   */
  messages(compressed: boolean): Uint8Array[] {
    if (!this.framed) {
      // From the document, which holds every change so far and none of what was taken away.
      this.reset();
      const whole = this.encodeWhole();
      this.wholeLength = whole.length;
      this.framed = encodeSyncStep2(whole);
    }
    const whole = compressed ? (this.framedCompressed ??= compressedMessage(this.framed)) : this.framed;
    if (this.since.length === 0) return [whole];
    this.mergedSince ??= encodeUpdateMessage(Y.mergeUpdates(this.since));
    const since = compressed ? (this.mergedSinceCompressed ??= compressedMessage(this.mergedSince)) : this.mergedSince;
    return [since, whole];
  }

  /**
   * The whole board as one update, as it is now: the reply's own bytes when no change came
   * since it was made (no encoding), else the document's encoding afresh.
   */
  wholeState(): Uint8Array {
    if (this.framed && this.since.length === 0) return this.framed.subarray(this.framed.length - this.wholeLength);
    return this.encodeWhole();
  }

  private reset(): void {
    this.framed = null;
    this.framedCompressed = null;
    this.since = [];
    this.bytesSince = 0;
    this.mergedSince = null;
    this.mergedSinceCompressed = null;
  }
}

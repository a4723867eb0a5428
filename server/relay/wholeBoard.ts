// The first reply to a browser that has none of the board (an empty state vector): the
// whole board as one sync step 2, encoded and framed once for everyone who opens the board
// until it next changes. A workshop's people arrive together; framing the 6 MB reply of a
// board of 2,000 beliefs × 30 people took the relay's thread a copy of it per newcomer
// (≈ 50–150 ms on two cores), in which no other change went anywhere.
//
// One message, always the board as it is now: a browser takes the board it holds when its
// first sync completes as the board (it frames its view, and compares later changes with
// it), so the changes since the whole board was made cannot follow in a second message —
// tried, it broke both (docs/performance.md). Merging them into the reply costs the relay
// more than encoding the document again (≈ 0.3 s against 0.1 s for that board), so after
// a change the next newcomer's reply is encoded afresh.
import { encodeSyncStep2 } from './messages.ts';

export class WholeBoardReply {
  /** The stored state when the room loaded it, while nobody has needed it framed. */
  private stored: Uint8Array | null = null;
  /** The whole board as a sync step 2, while the document is unchanged since. */
  private framed: Uint8Array | null = null;

  /** `encodeWhole`: the document's whole state now, encoded. */
  constructor(private readonly encodeWhole: () => Uint8Array) {}

  /** The board as stored, when the room knows it is the whole board as the document holds it. */
  startFrom(state: Uint8Array): void {
    this.stored = state;
    this.framed = null;
  }

  /** The document changed: the next newcomer's reply is made from it again. */
  changed(): void {
    this.stored = null;
    this.framed = null;
  }

  /** The message that gives a browser with nothing the whole board as it is now. */
  message(): Uint8Array {
    if (!this.framed) {
      this.framed = encodeSyncStep2(this.stored ?? this.encodeWhole());
      this.stored = null;
    }
    return this.framed;
  }
}

// The limits on what one board may hold: its encoded size, its number of beliefs and the
// length of each belief's text.
//
// Size is checked before an update is applied, against a running estimate (the size at
// load plus every accepted update: an upper bound, since updates overlap). Only when the
// estimate passes the limit is the exact size measured, so the cost is paid near the limit.
//
// Beliefs and text are checked exactly, after the update is applied to the room's
// document and before anyone else or the store sees it: Yjs cannot take an applied update
// back, so a refused one leaves the room holding something the store does not — the room
// then reloads from the store (see Room). Honest clients never get there: the model clamps
// text and refuses the belief past the limit before it is written.
import * as Y from 'yjs';
import { CLOSE } from '../../shared/protocol.ts';
import { beliefsMap } from '../../shared/schema.ts';
import { LimitExceeded, type RelayLimits } from './relayLimits.ts';

export class BoardGuard {
  private estimatedBytes: number;

  /** `loadedBytes`: the size of the state the board was loaded from (encoding it again costs as much as loading). */
  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: RelayLimits,
    loadedBytes: number,
  ) {
    this.estimatedBytes = loadedBytes;
  }

  /** Throws LimitExceeded when applying `update` could take the board past its size. */
  checkSize(update: Uint8Array): void {
    if (this.estimatedBytes + update.length <= this.limits.maxBoardBytes) return;
    this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
    if (this.estimatedBytes + update.length > this.limits.maxBoardBytes) {
      throw new LimitExceeded(CLOSE.boardFull, `the board would pass ${this.limits.maxBoardBytes} bytes`);
    }
  }

  /** Counts an update that was applied and kept. */
  accepted(update: Uint8Array): void {
    this.estimatedBytes += update.length;
  }

  /** What an applied transaction broke, in words, or null when the board is within its limits. */
  violation(transaction: Y.Transaction): string | null {
    const beliefs = beliefsMap(this.doc);
    const changedIds = transaction.changed.get(beliefs as Y.AbstractType<any>);
    if (changedIds && beliefs.size > this.limits.maxBeliefsPerBoard) {
      return `${beliefs.size} beliefs, more than ${this.limits.maxBeliefsPerBoard}`;
    }
    // Texts that changed, and texts of beliefs that were added or given a new text (a
    // type created in this transaction is not listed as changed itself).
    const texts = new Set<Y.Text>();
    for (const id of changedIds ?? []) addText(texts, beliefs.get(id ?? ''));
    for (const type of transaction.changed.keys()) {
      if (type instanceof Y.Text && type.parent?.parent === beliefs) texts.add(type);
      else if (type instanceof Y.Map && type.parent === beliefs) addText(texts, type);
    }
    for (const text of texts) {
      if (text.length > this.limits.maxBeliefText) {
        return `a belief text of ${text.length} characters, more than ${this.limits.maxBeliefText}`;
      }
    }
    return null;
  }
}

function addText(texts: Set<Y.Text>, record: Y.Map<unknown> | undefined): void {
  const text = record instanceof Y.Map ? record.get('text') : undefined;
  if (text instanceof Y.Text) texts.add(text);
}

// Catching up with the relay without Yjs encoding the catch-up a second time. When a
// document has 'update' listeners (the relay connection, this browser's offline copy, the
// save tracker), Yjs re-encodes every applied update for them: for the first sync of a
// big board (6 MB for 2,000 beliefs × 30 people) that was ≈ 0.2 s of the cold load
// (docs/performance.md). The bytes the relay sent already are such an update, so a large
// one is applied with the listeners set aside and then handed to them as it came.
//
// Setting them aside needs to know who they are, which Y.Doc does not tell: QuietDoc
// keeps its own list, as they come and go through its public on() and off(). The saving
// rests on Yjs skipping the encoding when nobody listens for 'update'; were that to change,
// the catch-up would only be encoded once more, as before, and still applied correctly.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Below this, re-encoding costs less than a millisecond: not worth leaving the usual path. */
export const QUIET_CATCH_UP_BYTES = 256 * 1024;

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction | null) => void;
// Y.Doc's own event map is not exported by Yjs; these overrides only look at the name.
type AnyListener = (...args: any[]) => void;
type SyncHandler = WebsocketProvider['messageHandlers'][number];

/** A Y.Doc that can apply an update without re-encoding it for its 'update' listeners. */
export class QuietDoc extends Y.Doc {
  // Made on first use: Y.Doc's constructor subscribes to events before fields are set.
  private updateListeners: Set<UpdateListener> | undefined;

  override on(name: Parameters<Y.Doc['on']>[0], listener: AnyListener): AnyListener {
    if (name === 'update') (this.updateListeners ??= new Set()).add(listener);
    return super.on(name, listener);
  }

  override off(name: Parameters<Y.Doc['off']>[0], listener: AnyListener): void {
    if (name === 'update') this.updateListeners?.delete(listener);
    super.off(name, listener);
  }

  /**
   * Y.applyUpdate, but the 'update' listeners get `update` itself rather than a fresh
   * encoding of what it changed. Equivalent for them: it holds everything that was applied
   * (and possibly some they have already, which Yjs ignores). Observers of the content run
   * as usual, inside the transaction.
   */
  applyQuietly(update: Uint8Array, origin: unknown): void {
    const listeners = [...(this.updateListeners ?? [])];
    // An update waiting for what this one brings (a colleague's change relayed while the
    // catch-up travelled) is taken in by the same apply, and is not in `update`: then the
    // listeners get Yjs's own encoding of all of it, or the offline copy would lack it.
    const waiting = this.store.pendingStructs !== null || this.store.pendingDs !== null;
    if (listeners.length === 0 || waiting) {
      Y.applyUpdate(this, update, origin);
      return;
    }
    for (const listener of listeners) super.off('update', listener);
    // As Yjs decides whether to emit 'update': something was deleted or some clock moved.
    let changed = false;
    const noteChange = (transaction: Y.Transaction) => {
      changed ||= transaction.deleteSet.clients.size > 0 || !sameStateVector(transaction.beforeState, transaction.afterState);
    };
    super.on('afterTransaction', noteChange);
    try {
      Y.applyUpdate(this, update, origin);
    } finally {
      super.off('afterTransaction', noteChange);
      // Listeners added meanwhile (none are expected) stay behind the earlier ones.
      const added = [...(this.updateListeners ?? [])].filter((listener) => !listeners.includes(listener));
      for (const listener of added) super.off('update', listener);
      for (const listener of [...listeners, ...added]) super.on('update', listener);
    }
    if (changed) for (const listener of listeners) listener(update, origin, this, null);
  }
}

/**
 * y-websocket's handler for sync messages (`usual`), but a large sync step 2 — the relay's
 * catch-up — is applied with applyQuietly. Registered in channels.ts.
 */
export function quietSyncHandler(usual: SyncHandler, doc: QuietDoc): SyncHandler {
  return (encoder, decoder, provider, emitSynced, messageType) => {
    // Peek: the sync type and the update's length, without consuming the usual path's input.
    const peek = decoding.clone(decoder);
    const syncType = decoding.readVarUint(peek);
    if (syncType !== syncProtocol.messageYjsSyncStep2 || decoding.peekVarUint(peek) < QUIET_CATCH_UP_BYTES) {
      usual(encoder, decoder, provider, emitSynced, messageType);
      return;
    }
    encoding.writeVarUint(encoder, messageSync);
    const update = decoding.readVarUint8Array(peek);
    try {
      doc.applyQuietly(update, provider);
    } catch (error) {
      // As y-protocols does for an update it cannot apply.
      console.error('Caught error while handling a Yjs update', error);
    }
    if (emitSynced && !provider.synced) provider.synced = true;
  };
}

function sameStateVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

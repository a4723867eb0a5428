// Catching up with the relay without Yjs encoding the catch-up a second time. When a
// document has 'update' listeners (the relay connection, this browser's offline copy, the
// save tracker), Yjs re-encodes every applied update for them: for the first sync of a
// big board (6 MB for 2,000 beliefs × 30 people) that was ≈ 0.2 s of the cold load
// (docs/performance.md). The bytes the relay sent already are such an update, so a large
// one is applied with the listeners set aside and then handed to them as it came.
// Everything else goes through y-websocket's own handling.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

const MESSAGE_SYNC = 0;
/** Below this, re-encoding costs less than a millisecond: not worth leaving the usual path. */
export const QUIET_CATCH_UP_BYTES = 256 * 1024;

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction | null) => void;

/** Makes `provider` apply large sync-step-2 messages (its catch-up) with applyQuietly. */
export function catchUpQuietly(provider: WebsocketProvider): void {
  const usual = provider.messageHandlers[MESSAGE_SYNC];
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, _provider, emitSynced, messageType) => {
    // Peek: the sync type and the update's length, without consuming the usual path's input.
    const peek = decoding.clone(decoder);
    const syncType = decoding.readVarUint(peek);
    if (syncType !== syncProtocol.messageYjsSyncStep2 || decoding.peekVarUint(peek) < QUIET_CATCH_UP_BYTES) {
      usual(encoder, decoder, provider, emitSynced, messageType);
      return;
    }
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const update = decoding.readVarUint8Array(peek);
    try {
      applyQuietly(provider.doc, update, provider);
    } catch (error) {
      // As y-protocols does for an update it cannot apply.
      console.error('Caught error while handling a Yjs update', error);
    }
    if (emitSynced && !provider.synced) provider.synced = true;
  };
}

/**
 * Y.applyUpdate, but the document's 'update' listeners get `update` itself rather than a
 * fresh encoding of what it changed. Equivalent for them: it holds everything that was
 * applied (and possibly some they have already, which Yjs ignores). Observers of the
 * content run as usual, inside the transaction.
 */
export function applyQuietly(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  // lib0's Observable keeps listeners by event name; Yjs itself looks there to decide
  // whether to encode (`doc._observers.has('update')`).
  const observers = (doc as unknown as { _observers: Map<string, Set<UpdateListener>> })._observers;
  const listeners = observers.get('update');
  if (!listeners) {
    Y.applyUpdate(doc, update, origin);
    return;
  }
  observers.delete('update');
  // As Yjs decides whether to emit 'update': something was deleted or some clock moved.
  let changed = false;
  const noteChange = (transaction: Y.Transaction) => {
    changed ||= transaction.deleteSet.clients.size > 0 || !sameStateVector(transaction.beforeState, transaction.afterState);
  };
  doc.on('afterTransaction', noteChange);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('afterTransaction', noteChange);
    // Listeners added meanwhile (none are expected) are kept with the others.
    const added = observers.get('update');
    observers.set('update', added ? new Set([...listeners, ...added]) : listeners);
  }
  if (changed) for (const listener of Array.from(listeners)) listener(update, origin, doc, null);
}

function sameStateVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

// What a change to a board is, in the units people count their changes in: one note (its
// text, place and colour together), one position, the title, a setting — not the Yjs
// transactions behind them, of which typing a sentence makes dozens. "Offline — 3
// changes kept" after one note and two positions, not "26".
import type * as Y from 'yjs';
import { BOARD_ROOTS } from './schema.ts';

/**
 * Calls `listener` after each transaction from an origin `mine` accepts that changed the
 * board, with the things it changed ("beliefs:<id>", "positions:<belief>:<participant>",
 * "meta:title", …). Others' transactions are not looked into (a catch-up can hold
 * thousands of notes). Returns a function that stops it.
 */
export function watchChangedItems(
  doc: Y.Doc,
  mine: (origin: unknown) => boolean,
  listener: (items: ReadonlySet<string>) => void,
): () => void {
  const pending = new Map<Y.Transaction, Set<string>>();
  const stops = BOARD_ROOTS.map((root) => {
    const type = doc.getMap(root);
    const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (!mine(transaction.origin)) return;
      let items = pending.get(transaction);
      if (!items) pending.set(transaction, (items = new Set()));
      for (const event of events) {
        // A change inside an entry (a note's text) counts for the entry; on the root, each key it changed.
        const [entry] = event.path;
        if (entry !== undefined) items.add(`${root}:${entry}`);
        else for (const key of event.changes.keys.keys()) items.add(`${root}:${key}`);
      }
    };
    type.observeDeep(observer);
    return () => type.unobserveDeep(observer);
  });
  // Observers run before 'afterTransaction': by then every root has said what it saw.
  const onAfterTransaction = (transaction: Y.Transaction) => {
    const items = pending.get(transaction);
    if (!items) return;
    pending.delete(transaction);
    listener(items);
  };
  doc.on('afterTransaction', onAfterTransaction);
  return () => {
    for (const stop of stops) stop();
    doc.off('afterTransaction', onAfterTransaction);
  };
}

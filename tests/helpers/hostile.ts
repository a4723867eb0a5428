// What a hostile browser sends that no model call writes: awareness entries for any client
// id and clock, and Yjs updates assembled struct by struct (a struct that overlaps clocks
// the relay already has, a struct under someone else's client id). Written with lib0 and
// Yjs's own encoder and struct writers, as the relay's updateFilter.ts does.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { messageAwareness } from '../../server/relay/messages.ts';

/** What a struct holds (Yjs does not export the name of the content classes' base). */
export type Content = ConstructorParameters<typeof Y.Item>[7];

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** null removes the client's presence. */
  state: unknown;
}

/** One awareness message carrying `entries`, in y-protocols' layout. */
export function awarenessMessage(entries: readonly AwarenessEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, messageAwareness);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

/**
 * An update holding exactly `items` (each client's items contiguous, in order) and the
 * deleted ranges `deletes`. Items are written whole from their first clock, whatever the
 * receiver has.
 */
export function updateOfItems(items: readonly Y.Item[], deletes: readonly { client: number; clock: number; len: number }[] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Y.Item[]>();
  for (const item of items) {
    const list = byClient.get(item.id.client);
    if (list) list.push(item);
    else byClient.set(item.id.client, [item]);
  }
  const clients = Array.from(byClient.keys()).sort((a, b) => b - a);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const client of clients) {
    const list = byClient.get(client)!;
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
    for (const item of list) item.write(encoder, 0);
  }
  // The delete set as given, ranges in the order listed (Yjs would sort and merge them).
  const deleting = [...new Set(deletes.map((range) => range.client))].sort((a, b) => b - a);
  encoding.writeVarUint(encoder.restEncoder, deleting.length);
  for (const client of deleting) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    const ranges = deletes.filter((range) => range.client === client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/** A struct under `client` at `clock` with `content`, placed in a root type's map key (or its list, for null), with no neighbours. */
export function mapEntryItem(client: number, clock: number, root: string, key: string | null, content: Content): Y.Item {
  return new Y.Item(Y.createID(client, clock), null, null, null, null, root as unknown as Y.AbstractType<any>, key, content);
}

/** A struct under `client` at `clock` with `content`, placed right after the item `origin`. */
export function itemAfter(client: number, clock: number, origin: Y.ID, content: Content): Y.Item {
  return new Y.Item(Y.createID(client, clock), null, origin, null, null, null, null, content);
}

/** The id of the first live character of a Y.Text (a place a participant may type next to). */
export function firstCharId(text: Y.Text): Y.ID {
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted) return item.id;
  }
  throw new Error('The text has no live character.');
}

/** A document whose Yjs client id is `clientID`: of two values written at once under one key, the larger id's stays. */
export function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** The ids of the values a map key has had, first to last, as `map`'s document holds them (merged runs as one). */
export function keyValueIds(map: Y.Map<unknown>, key: string): Y.ID[] {
  let item = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key) ?? null;
  const ids: Y.ID[] = [];
  for (; item !== null; item = item.left) ids.unshift(item.id);
  return ids;
}

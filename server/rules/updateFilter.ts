// Rewrites an update without some of its changes: each refused struct becomes a
// garbage-collected struct of the same length (its clocks stay taken, so the sender's
// later structs still follow on without a gap, and whatever builds on it is collected
// too, as Yjs collects anything next to collected content), and refused deletions leave
// the delete set. Written with Yjs's own encoder and struct writers, in the layout
// `Y.encodeStateAsUpdate` uses: clients in descending order, then the delete set.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { structAt, type Segment } from './updateChanges.ts';

type Struct = Y.Item | Y.GC | Y.Skip;

export function filterUpdate(
  structs: readonly Struct[],
  deleteSet: ReadonlyMap<number, readonly { clock: number; len: number }[]>,
  refusedItems: ReadonlySet<Y.Item>,
  refusedDeletions: readonly Segment[],
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  const clients = Array.from(byClient.keys()).sort((a, b) => b - a);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const client of clients) {
    const list = byClient.get(client)!;
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
    for (const struct of list) {
      const kept = struct instanceof Y.Item && refusedItems.has(struct) ? new Y.GC(struct.id, struct.length) : struct;
      kept.write(encoder, 0);
    }
  }
  writeDeleteSet(encoder, subtract(deleteSet, refusedDeletions));
  return encoder.toUint8Array();
}

/** The delete set without the refused segments (any number of them, overlapping or not). */
function subtract(
  deleteSet: ReadonlyMap<number, readonly { clock: number; len: number }[]>,
  refused: readonly Segment[],
): Map<number, { clock: number; len: number }[]> {
  const byClient = new Map<number, Segment[]>();
  for (const segment of refused) {
    const list = byClient.get(segment.client);
    if (list) list.push(segment);
    else byClient.set(segment.client, [segment]);
  }
  // Each client's cuts merged into sorted intervals apart, so each range meets only its own.
  const cuts = new Map<number, { clock: number; end: number }[]>();
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    const merged: { clock: number; end: number }[] = [];
    for (const { clock, len } of list) {
      const previous = merged.at(-1);
      if (previous && clock <= previous.end) previous.end = Math.max(previous.end, clock + len);
      else if (len > 0) merged.push({ clock, end: clock + len });
    }
    cuts.set(client, merged);
  }
  const out = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of deleteSet) {
    const clientCuts = cuts.get(client) ?? [];
    const kept: { clock: number; len: number }[] = [];
    for (const range of ranges) {
      let from = range.clock;
      const end = range.clock + range.len;
      let low = 0;
      let high = clientCuts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (clientCuts[middle].end <= from) low = middle + 1;
        else high = middle;
      }
      for (let index = low; index < clientCuts.length && clientCuts[index].clock < end && from < end; index++) {
        const cut = clientCuts[index];
        if (cut.clock > from) kept.push({ clock: from, len: cut.clock - from });
        from = Math.max(from, cut.end);
      }
      if (from < end) kept.push({ clock: from, len: end - from });
    }
    if (kept.length > 0) out.set(client, kept);
  }
  return out;
}

/** As Yjs's own writeDeleteSet (not exported): clients in descending order. */
function writeDeleteSet(encoder: Y.UpdateEncoderV1, deleteSet: Map<number, { clock: number; len: number }[]>): void {
  const clients = Array.from(deleteSet.keys()).sort((a, b) => b - a);
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const client of clients) {
    const ranges = deleteSet.get(client)!;
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
}

/**
 * The update without the structs written under `clients`, and without the deletions those
 * structs made: their own clocks, and the value each map entry among them superseded (Yjs
 * deletes a key's previous value as a new one lands last, and a sync step 2 carries that
 * deletion with the rest of the sender's delete set). Left in, the sender's part would
 * empty a key it never emptied — a note of its own, whose place a colleague's move had
 * superseded, would lose its place — while the value that did it waits for its author's
 * browser, which deletes the superseded one again when it comes. Deletions that no struct
 * made (a text cut, a belief removed) cannot be told apart from the sender's own and stay.
 */
export function withoutClients(doc: Y.Doc, update: Uint8Array, clients: ReadonlySet<number>): Uint8Array {
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  const inUpdate = (id: Y.ID): Struct | undefined => structAt(byClient.get(id.client) ?? [], id.clock);
  const cuts: Segment[] = [];
  const kept: Struct[] = [];
  const entries = new Map<Y.Item, boolean>();
  for (const struct of structs) {
    if (!clients.has(struct.id.client)) {
      kept.push(struct);
      continue;
    }
    cuts.push({ client: struct.id.client, clock: struct.id.clock, len: struct.length });
    if (struct instanceof Y.Item && struct.origin !== null && isMapEntry(doc, struct, inUpdate, entries)) {
      cuts.push({ client: struct.origin.client, clock: struct.origin.clock, len: 1 });
    }
  }
  return filterUpdate(kept, ds.clients, new Set(), cuts);
}

/**
 * Whether a decoded item is a map entry: Yjs writes the parent and key only for an item
 * with no neighbour, so its list is followed leftwards, through the update and then the
 * room, to the first item that names them. `known` keeps every answer, so a long list in
 * the update is followed once, not once per item.
 */
function isMapEntry(doc: Y.Doc, item: Y.Item, inUpdate: (id: Y.ID) => Struct | undefined, known: Map<Y.Item, boolean>): boolean {
  const path = new Set<Y.Item>();
  let answer = false;
  for (let current: Struct | undefined = item; current instanceof Y.Item; ) {
    const seen = known.get(current);
    if (seen !== undefined) {
      answer = seen;
      break;
    }
    path.add(current);
    if (current.parentSub !== null) {
      answer = true;
      break;
    }
    const origin: Y.ID | null = current.origin ?? current.rightOrigin;
    if (origin === null) break;
    if (origin.clock < Y.getState(doc.store, origin.client)) {
      const found = Y.getItem(doc.store, origin);
      answer = found instanceof Y.Item && found.parentSub !== null;
      break;
    }
    const next = inUpdate(origin);
    // A struct naming itself or a later one as its origin: not a list Yjs made.
    if (next instanceof Y.Item && path.has(next)) break;
    current = next;
  }
  for (const visited of path) known.set(visited, answer);
  return answer;
}

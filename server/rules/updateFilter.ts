// Rewrites an update without some of its changes: each refused struct becomes a
// garbage-collected struct of the same length (its clocks stay taken, so the sender's
// later structs still follow on without a gap, and whatever builds on it is collected
// too, as Yjs collects anything next to collected content), and refused deletions leave
// the delete set. Written with Yjs's own encoder and struct writers, in the layout
// `Y.encodeStateAsUpdate` uses: clients in descending order, then the delete set.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { Segment } from './updateChanges.ts';

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

/** The delete set without the refused segments (each refused segment lies inside one range). */
function subtract(
  deleteSet: ReadonlyMap<number, readonly { clock: number; len: number }[]>,
  refused: readonly Segment[],
): Map<number, { clock: number; len: number }[]> {
  const cuts = new Map<number, Segment[]>();
  for (const segment of refused) {
    const list = cuts.get(segment.client);
    if (list) list.push(segment);
    else cuts.set(segment.client, [segment]);
  }
  const out = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of deleteSet) {
    const clientCuts = (cuts.get(client) ?? []).sort((a, b) => a.clock - b.clock);
    const kept: { clock: number; len: number }[] = [];
    for (const range of ranges) {
      let from = range.clock;
      const end = range.clock + range.len;
      for (const cut of clientCuts) {
        const cutEnd = cut.clock + cut.len;
        if (cutEnd <= from || cut.clock >= end) continue;
        if (cut.clock > from) kept.push({ clock: from, len: cut.clock - from });
        from = Math.max(from, cutEnd);
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

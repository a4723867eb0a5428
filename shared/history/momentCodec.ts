// One moment of a board's history as the store keeps it beside the log: what one stored
// batch added (each Yjs client's clock range, from → to) and what it deleted (its delete
// set), in Yjs's own encodings (a snapshot of the batch's delete set and end clocks, and
// a state vector of its start clocks). Small — a few bytes per writer and deleted range —
// because it holds the batch's change, not the board's whole state: a reader adds the
// moments up (historySnapshots.ts) to get `Y.snapshot`s of the board as it was.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export interface MomentChange {
  /** Where each writer's new structs begin (their clock before the batch). */
  from: Map<number, number>;
  /** Where they end (the clock after the batch). */
  to: Map<number, number>;
  /** What the batch deleted. */
  deleted: Y.Snapshot['ds'];
}

/** The change one update makes, read from the update alone (no document needed). */
export function changeOfUpdate(update: Uint8Array): MomentChange {
  // One decode, not two: the clock ranges are read off the decoded structs as
  // `Y.parseUpdateMeta` reads them (each client's structs are contiguous and in order).
  const { structs, ds } = Y.decodeUpdate(update);
  const from = new Map<number, number>();
  const to = new Map<number, number>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (!from.has(client)) from.set(client, clock);
    to.set(client, clock + struct.length);
  }
  return { from, to, deleted: ds };
}

/**
 * The whole state as one change (a board whose history began before moments were
 * recorded: everything it held then is its first moment).
 */
export function changeOfState(state: Uint8Array): MomentChange {
  const to = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
  return { from: new Map(Array.from(to.keys(), (client) => [client, 0])), to, deleted: Y.decodeUpdate(state).ds };
}

export function encodeMomentChange(change: MomentChange): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, Y.encodeSnapshot(Y.createSnapshot(change.deleted, change.to)));
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(change.from));
  return encoding.toUint8Array(encoder);
}

export function decodeMomentChange(data: Uint8Array): MomentChange {
  const decoder = decoding.createDecoder(data);
  const snapshot = Y.decodeSnapshot(decoding.readVarUint8Array(decoder));
  const from = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  return { from, to: snapshot.sv, deleted: snapshot.ds };
}

// The two wire framings the relay benchmark's light clients speak, built with lib0 and
// y-protocols as the real providers build them:
//   - y-websocket (our relay and the stock server): [messageSync, y-protocols sync message].
//   - Hocuspocus 3.x: every message starts with the document's name, so one socket can
//     carry several documents: [varString documentName, varUint type, payload]. Types
//     (@hocuspocus/server src/types.ts): 0 Sync, 1 Awareness, 2 Auth, 3 QueryAwareness,
//     4 SyncReply, 5 Stateless, 6 BroadcastStateless, 7 Close, 8 SyncStatus. The server
//     holds every message for a document until it has had an Auth message for it:
//     [name, 2, 0 (Token), varString token] — @hocuspocus/provider sends its token, or ""
//     when it has none, right on open, then its sync step 1. The server answers
//     [name, 2, 2 (Authenticated), varString scope] or [name, 2, 1 (PermissionDenied),
//     varString reason], loads the document (the storage extension's fetch) and only then
//     handles what it held back. Updates are [name, 0, 2 (messageYjsUpdate), update]; the
//     server relays them to every connection of the document, the sender included, and
//     acknowledges each to its sender with [name, 8 (SyncStatus), 1].
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export type Wire = { kind: 'y-websocket' } | { kind: 'hocuspocus'; documentName: string };

/** y-websocket's message type for sync messages (y-websocket.js messageSync). */
const MESSAGE_SYNC = 0;

/** Hocuspocus's message types and auth sub-types (@hocuspocus/server, @hocuspocus/common). */
export const HOCUSPOCUS = {
  sync: 0,
  auth: 2,
  authToken: 0,
  authPermissionDenied: 1,
  authAuthenticated: 2,
} as const;

function framed(wire: Wire, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  if (wire.kind === 'hocuspocus') encoding.writeVarString(encoder, wire.documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A document update as the wire's provider sends it. */
export function updateMessage(wire: Wire, update: Uint8Array): Uint8Array {
  return framed(wire, (encoder) => {
    encoding.writeVarUint(encoder, wire.kind === 'hocuspocus' ? HOCUSPOCUS.sync : MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
  });
}

/**
 * What the provider sends as soon as the socket opens, before anything else: for
 * Hocuspocus the Auth token message (without it the server never lets the document
 * through) and its sync step 1; for y-websocket nothing (the bench's light clients have
 * always started with their first update; the server sends its own sync step 1).
 */
export function openingMessages(wire: Wire, doc: Y.Doc, token = ''): Uint8Array[] {
  if (wire.kind !== 'hocuspocus') return [];
  const auth = framed(wire, (encoder) => {
    encoding.writeVarUint(encoder, HOCUSPOCUS.auth);
    encoding.writeVarUint(encoder, HOCUSPOCUS.authToken);
    encoding.writeVarString(encoder, token);
  });
  const syncStep1 = framed(wire, (encoder) => {
    encoding.writeVarUint(encoder, HOCUSPOCUS.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
  });
  return [auth, syncStep1];
}

/**
 * For Hocuspocus: whether `data` is the server's answer to the Auth message of this
 * wire's document — 'authenticated', 'denied' (with the reason) — or null for anything else.
 */
export function readAuthAnswer(wire: Wire, data: Uint8Array): { answer: 'authenticated' | 'denied'; detail: string } | null {
  if (wire.kind !== 'hocuspocus') return null;
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarString(decoder) !== wire.documentName) return null;
    if (decoding.readVarUint(decoder) !== HOCUSPOCUS.auth) return null;
    const type = decoding.readVarUint(decoder);
    if (type === HOCUSPOCUS.authAuthenticated) return { answer: 'authenticated', detail: decoding.readVarString(decoder) };
    if (type === HOCUSPOCUS.authPermissionDenied) return { answer: 'denied', detail: decoding.readVarString(decoder) };
    return null;
  } catch {
    return null;
  }
}

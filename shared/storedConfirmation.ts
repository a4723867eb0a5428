// The messageStored exchange on the wire. The client sends a request carrying a token;
// the relay answers with the same token and the state vector of what it has stored, once
// everything it received on that connection before the request is in the store.
// A token, not the state vector, is what the client relies on: deletions do not move a
// state vector, so comparing vectors alone could call a deleted note "saved" too early.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageStored } from './protocol.ts';

export interface StoredConfirmation {
  token: number;
  /** Y.encodeStateVector of the board as stored when the confirmation was sent. */
  storedStateVector: Uint8Array;
}

export function encodeStoredRequest(token: number): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageStored);
  encoding.writeVarUint(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** Reads a request's body (the message type already read). */
export function readStoredRequest(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

export function encodeStoredConfirmation({ token, storedStateVector }: StoredConfirmation): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageStored);
  encoding.writeVarUint(encoder, token);
  encoding.writeVarUint8Array(encoder, storedStateVector);
  return encoding.toUint8Array(encoder);
}

/** Reads a confirmation's body (the message type already read). */
export function readStoredConfirmation(decoder: decoding.Decoder): StoredConfirmation {
  const token = decoding.readVarUint(decoder);
  return { token, storedStateVector: decoding.readVarUint8Array(decoder) };
}

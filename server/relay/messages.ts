// The y-websocket wire protocol, relay side: one handler per message type, as in
// y-websocket's own client. Every message is decoded with lib0 and y-protocols; anything
// that does not decode throws, and the caller closes that one connection.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import { messageStored, messageWorkshop, VIEW_ONLY_NOTICE } from '../../shared/protocol.ts';
import { readStoredRequest } from '../../shared/storedConfirmation.ts';
import { readWorkshopRequest, type WorkshopRequest } from '../../shared/workshopMessages.ts';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

class BadMessageError extends Error {}

/** What a handler may do: answer the sender, and hand the room what the sender sent. */
export interface MessageContext {
  reply(message: Uint8Array): void;
  /** Answers a sync step 1 with what the sender lacks, given its state vector (as a sync step 2). */
  answerSyncStep1(stateVector: Uint8Array): void;
  /**
   * An update, or a sync step 2 (`isStep2`: the sender's answer to the room's step 1, all
   * it has that the room lacked), decided by the room before anything applies it.
   */
  update(update: Uint8Array, isStep2: boolean): void;
  /** An awareness update from the sender; throws when it cannot be read. */
  awareness(update: Uint8Array): void;
  /** Everyone present, as one awareness message, or null when nobody is. */
  everyonePresent(): Uint8Array | null;
  /** Answers a messageStored request once what the sender sent so far is stored. */
  confirmWhenStored(token: number): void;
  /** A round command, sealed position or private note (docs/rounds.md). */
  workshop(request: WorkshopRequest): void;
}

type MessageHandler = (decoder: decoding.Decoder, context: MessageContext) => void;

const messageHandlers: MessageHandler[] = [];

messageHandlers[messageSync] = (decoder, context) => {
  const syncType = decoding.readVarUint(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      // As syncProtocol.readSyncStep1, but the room answers when and from what it chooses.
      context.answerSyncStep1(decoding.readVarUint8Array(decoder));
      return;
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate:
      context.update(decoding.readVarUint8Array(decoder), syncType === syncProtocol.messageYjsSyncStep2);
      return;
    default:
      throw new BadMessageError(`unknown sync message type ${syncType}`);
  }
};

messageHandlers[messageAwareness] = (decoder, context) => {
  context.awareness(decoding.readVarUint8Array(decoder));
};

messageHandlers[messageQueryAwareness] = (_decoder, context) => {
  const present = context.everyonePresent();
  if (present) context.reply(present);
};

messageHandlers[messageStored] = (decoder, context) => {
  context.confirmWhenStored(readStoredRequest(decoder));
};

messageHandlers[messageWorkshop] = (decoder, context) => {
  context.workshop(readWorkshopRequest(decoder));
};

/** Handles one message from a connection; throws when it cannot be read. */
export function handleMessage(message: Uint8Array, context: MessageContext): void {
  const decoder = decoding.createDecoder(message);
  const messageType = decoding.readVarUint(decoder);
  const handler = messageHandlers[messageType];
  if (!handler) throw new BadMessageError(`unknown message type ${messageType}`);
  handler(decoder, context);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update`: the answer to a sync step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** The stock y-protocols "permission denied" message: a view-only link's one notice. */
export function encodeViewOnlyNotice(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAuth);
  authProtocol.writePermissionDenied(encoder, VIEW_ONLY_NOTICE);
  return encoding.toUint8Array(encoder);
}

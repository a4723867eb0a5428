// Every message this client reads off the board's socket beyond what y-websocket does by
// itself, in one place. Each goes into the provider's `messageHandlers` table — one handler
// per message type, the dispatch table y-websocket exposes for exactly this, as the relay's
// server/relay/messages.ts has its own — and nowhere else in the client writes to it.
// The message types are y-websocket's and y-protocols' (0 sync, 1 awareness, 2 auth,
// 3 query awareness) and ours from shared/protocol.ts (7 stored, 8 workshop).
import * as decoding from 'lib0/decoding';
import { messageAuth, messageSync, type WebsocketProvider } from 'y-websocket';
import { messageStored, messageWorkshop } from '../../shared/protocol.ts';
import { quietSyncHandler, type QuietDoc } from './quietCatchUp.ts';

/** y-protocols' auth message: its one subtype, "permission denied". */
const PERMISSION_DENIED = 0;

/**
 * Message type 0, sync (y-protocols): the relay's large catch-up is applied without being
 * encoded again (quietCatchUp.ts); every other sync message as y-websocket handles it.
 */
export function catchUpQuietly(provider: WebsocketProvider, doc: QuietDoc): void {
  provider.messageHandlers[messageSync] = quietSyncHandler(provider.messageHandlers[messageSync], doc);
}

/**
 * Message type 2, auth (y-protocols): the relay says "view only" with a permission-denied
 * message when a link that cannot edit joins (sessionAccess.ts).
 */
export function onPermissionDenied(provider: WebsocketProvider, listener: () => void): void {
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === PERMISSION_DENIED) listener();
  };
}

/**
 * Message type 7, stored (ours, shared/storedConfirmation.ts): the relay's answer that my
 * changes up to a request are in its store (saveTracker.ts). Returns the way to stop.
 */
export function onStoredConfirmation(provider: WebsocketProvider, listener: (decoder: decoding.Decoder) => void): () => void {
  return register(provider, messageStored, listener);
}

/**
 * Message type 8, workshop (ours, shared/workshopMessages.ts): my sealed positions, my
 * private notes and the relay's refusals (workshopChannel.ts). Returns the way to stop.
 */
export function onWorkshopNotice(provider: WebsocketProvider, listener: (decoder: decoding.Decoder) => void): () => void {
  return register(provider, messageWorkshop, listener);
}

function register(provider: WebsocketProvider, messageType: number, listener: (decoder: decoding.Decoder) => void): () => void {
  const handler: WebsocketProvider['messageHandlers'][number] = (_encoder, decoder) => listener(decoder);
  provider.messageHandlers[messageType] = handler;
  return () => {
    if (provider.messageHandlers[messageType] === handler) delete provider.messageHandlers[messageType];
  };
}

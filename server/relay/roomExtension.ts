// The seams of a room (the shape of Hocuspocus's extension hooks): what a server feature
// may hook into, in the order a board lives. Sealed rounds and private writing
// (server/rounds/roundKeeper.ts), the rules and limits (server/rules/rulesExtension.ts)
// and, with several relays, the fan-out to the others come in through these hooks, so the
// room itself only syncs, relays and stores.
//
// - load: each extension loads what it keeps (async, before the room is built);
// - beforeApply: an update from a browser is judged before anything applies it;
// - accepted: an update the room applied (a browser's, the relay's own write, or one
//   another relay stored);
// - stored: an update this room applied is in the store, with its number in the log
//   (the fan-out to other relays starts here);
// - presenceChanged: presence of this relay's connections changed (encoded update);
// - notice: a workshop notice for a participant, wherever their tabs are;
// - join / leave: a connection entered or left the room;
// - workshop: a message on the workshop channel (docs/rounds.md);
// - whenSaved: everything the extension stored so far is stored;
// - unload: the room is being freed.
import type * as Y from 'yjs';
import type { WorkshopRequest } from '../../shared/workshopMessages.ts';
import type { UpdateDecision } from '../rules/decideUpdate.ts';
import type { Connection } from './connection.ts';

export interface AcceptedUpdate {
  update: Uint8Array;
  transaction: Y.Transaction;
  /** The connection it came from; null for the relay's own writes and other relays'. */
  from: Connection | null;
  /** Stored by another relay, not by this one. */
  remote: boolean;
}

export interface StoredUpdate {
  update: Uint8Array;
  /** Its number in the board's log. */
  seq: number;
}

export interface RoomExtension {
  /** Judges an update (`catchUp`: the sender's sync step 2) before it is applied; null leaves it to the next extension. */
  beforeApply?(connection: Connection, update: Uint8Array, catchUp: boolean): UpdateDecision | null;
  accepted?(accepted: AcceptedUpdate): void;
  stored?(stored: StoredUpdate): void;
  presenceChanged?(update: Uint8Array): void;
  notice?(participantId: string, message: Uint8Array): void;
  /** The facilitator removed a participant: their tabs close wherever they are. */
  participantRemoved?(participantId: string): void;
  join?(connection: Connection): void;
  leave?(connection: Connection): void;
  /** Handles a workshop request; false when it is not this extension's. */
  workshop?(connection: Connection, request: WorkshopRequest): boolean;
  whenSaved?(): Promise<void>;
  unload?(): void;
}

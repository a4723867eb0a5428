// "Saved means stored", relay side. A client asks with a token; the answer goes out only
// after every write the room had queued when the request arrived has resolved. Messages
// from one connection are handled in order, so those writes include everything that
// connection sent before the request (its sync step 2 on reconnect, its updates since).
// The state vector sent back is the room's at request time: by then the room holds only
// what was loaded from the store plus updates whose appends are among those writes.
import * as Y from 'yjs';
import { encodeStoredConfirmation } from '../../shared/storedConfirmation.ts';

export interface PendingConfirmation {
  token: number;
  doc: Y.Doc;
  /** The room's write chain as it was when the request arrived. */
  written: Promise<void>;
  /**
   * False once a write failed or the room was dropped: then nothing is confirmed, and the
   * client keeps the change as unsaved until a later connection confirms it.
   */
  stillTrusted(): boolean;
  send(message: Uint8Array): void;
}

export function confirmWhenStored(pending: PendingConfirmation): void {
  const storedStateVector = Y.encodeStateVector(pending.doc);
  void pending.written.then(() => {
    if (pending.stillTrusted()) pending.send(encodeStoredConfirmation({ token: pending.token, storedStateVector }));
  });
}

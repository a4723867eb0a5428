// What my link lets me do on an open board. The role comes from the HTTP API as the board
// opens; the relay also says "view only" on joining (y-protocols' permission-denied
// message), which wins if the two ever disagree, e.g. right after the links were rotated.
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { roleCanEdit, type Role } from '../../shared/access.ts';
import { requestRole } from './accessRequests.ts';
import { ValueStore } from './externalStore.ts';

/** y-websocket's auth message type and y-protocols' permission-denied subtype. */
const MESSAGE_AUTH = 2;
const PERMISSION_DENIED = 0;

export interface SessionAccess {
  /** My role, or null until it is known; editing stays off until then. */
  role: ValueStore<Role | null>;
  canEdit(): boolean;
}

export function watchAccess(provider: WebsocketProvider, boardId: string, secret: string, onRefused: () => void): SessionAccess {
  const role = new ValueStore<Role | null>(null);
  requestRole(boardId, secret).then(
    (answer) => {
      if (answer === 'refused') onRefused();
      // The relay's view-only notice may have come first; it is not overridden.
      else if (role.get() === null) role.set(answer);
    },
    // The relay still decides what is kept; without an answer editing stays off.
    () => {},
  );
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === PERMISSION_DENIED) role.set('view');
  };
  return { role, canEdit: () => roleCanEdit(role.get() ?? 'view') };
}

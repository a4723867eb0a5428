// What my link lets me do on an open board. The role comes from the HTTP API as the board
// opens; the relay also says "view only" on joining (y-protocols' permission-denied
// message), which wins if the two ever disagree, e.g. right after the links were rotated.
// The last answer is kept per board, for pages loaded offline.
import type { WebsocketProvider } from 'y-websocket';
import { roleCanEdit, type Role } from '../../shared/access.ts';
import { requestRole } from './accessRequests.ts';
import { keepRole, keptParticipant, keptRole } from './boardKeys.ts';
import { onPermissionDenied } from './channels.ts';
import { ValueStore } from './externalStore.ts';

export interface SessionAccess {
  /** My role, or null until it is known (from the server, or kept from an earlier page of this link); editing stays off until then. */
  role: ValueStore<Role | null>;
  /** The participant a personal link names (this browser answers as them here), or null for a shared link. */
  participant: ValueStore<{ id: string; name: string } | null>;
  canEdit(): boolean;
}

export function watchAccess(provider: WebsocketProvider, boardId: string, secret: string, onRefused: () => void): SessionAccess {
  // A page loaded with no network (docs/durability.md) cannot ask the server: it starts
  // from the answer an earlier page got for this very link, so offline edits stay possible.
  const role = new ValueStore<Role | null>(keptRole(boardId, secret));
  const participant = new ValueStore<{ id: string; name: string } | null>(keptParticipant(boardId, secret));
  let relaySaidViewOnly = false;
  let asking = false;
  let answered = false;
  const ask = () => {
    if (asking || answered) return;
    asking = true;
    requestRole(boardId, secret).then(
      (answer) => {
        answered = true;
        if (answer === 'refused') {
          keepRole(boardId, secret, null);
          onRefused();
          return;
        }
        keepRole(boardId, secret, answer.role, answer.participant ?? null);
        participant.set(answer.participant ?? null);
        // The relay's view-only notice may have come first; it is not overridden.
        if (!relaySaidViewOnly) role.set(answer.role);
      },
      // No answer (offline, server restarting): asked again when the relay is reachable.
      // The relay still decides what is kept, whatever role this page assumes meanwhile.
      () => {},
    ).finally(() => {
      asking = false;
    });
  };
  ask();
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') ask();
  });
  onPermissionDenied(provider, () => {
    relaySaidViewOnly = true;
    role.set('view');
  });
  return { role, participant, canEdit: () => roleCanEdit(role.get() ?? 'view') };
}

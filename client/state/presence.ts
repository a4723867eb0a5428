// Presence: what each person's browser publishes through Yjs awareness. Synced, never
// saved: cursors, selections and names vanish when the person leaves.
import type { Awareness } from 'y-protocols/awareness';
import { pickParticipantColor } from '../../shared/colors.ts';

export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** Pointer position in board coordinates, or null when the pointer is off the canvas. */
  cursor: { x: number; y: number } | null;
  /** Ids of the beliefs this person has selected. */
  selection: string[];
  /** What this person's canvas shows, so others can follow them (client/workshop/following.ts). */
  viewport?: SharedViewport | null;
  /**
   * True for a facilitator's tab: a facilitator counts as someone who should answer a
   * round only once they have answered something, as the relay's auto-reveal counts them.
   */
  facilitating?: boolean;
  /**
   * True for a view-only tab (a projector, an audience): it does not answer rounds. Read
   * from the `role` the relay stamps on every state (server/relay/presence.ts), never
   * from what a browser claims.
   */
  viewing?: boolean;
}

/** A canvas's view as others see it: the board point at its top-left corner, the zoom, its size in CSS pixels. */
export interface SharedViewport {
  x: number;
  y: number;
  scale: number;
  width: number;
  height: number;
}

function isSharedViewport(value: unknown): value is SharedViewport {
  const v = value as SharedViewport | null;
  return !!v && [v.x, v.y, v.scale, v.width, v.height].every(Number.isFinite) && v.scale > 0 && v.width > 0 && v.height > 0;
}

export interface Peer extends PresenceState {
  clientId: number;
}

function isPresence(value: unknown): value is PresenceState {
  const v = value as PresenceState | null;
  return !!v && typeof v.user?.id === 'string' && typeof v.user?.name === 'string';
}

/** Everyone else on the board (not this tab), one entry per connected tab. */
export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID || !isPresence(state)) return;
    peers.push({
      clientId,
      // A peer running other code may publish anything: a colour React or a canvas turns
      // into a string (an object with its own toString throws), a cursor of non-numbers.
      user: { id: state.user.id, name: state.user.name, color: typeof state.user.color === 'string' ? state.user.color : pickParticipantColor(state.user.id) },
      cursor: Number.isFinite(state.cursor?.x) && Number.isFinite(state.cursor?.y) ? { x: state.cursor!.x, y: state.cursor!.y } : null,
      selection: Array.isArray(state.selection) ? state.selection.filter((id): id is string => typeof id === 'string') : [],
      viewport: isSharedViewport(state.viewport) ? state.viewport : null,
      facilitating: state.facilitating === true,
      viewing: (state as { role?: unknown }).role === 'view',
    });
  });
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

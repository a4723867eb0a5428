// Presence: what each person's browser publishes through Yjs awareness. Synced, never
// saved: cursors, selections and names vanish when the person leaves.
import type { Awareness } from 'y-protocols/awareness';

export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** Pointer position in board coordinates, or null when the pointer is off the canvas. */
  cursor: { x: number; y: number } | null;
  /** Ids of the beliefs this person has selected. */
  selection: string[];
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
      user: state.user,
      cursor: state.cursor ?? null,
      selection: Array.isArray(state.selection) ? state.selection : [],
    });
  });
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

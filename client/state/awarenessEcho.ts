// y-websocket 3.1 sends every awareness change to the relay, including the ones it just
// received from the relay: on a board of N people moving cursors at R Hz each client
// sends N × R presence messages a second instead of R, and the relay's awareness rate
// limit (shared/limits.ts AWARENESS_PER_SECOND) closes it. The relay already forwards
// each person's presence to everyone, so the echo carries nothing new: only changes that
// did not come from this provider are sent.
import type { WebsocketProvider } from 'y-websocket';

export function stopAwarenessEcho(provider: WebsocketProvider): void {
  const send = provider._awarenessUpdateHandler;
  provider.awareness.off('update', send);
  provider._awarenessUpdateHandler = (changes, origin) => {
    if (origin !== provider) send(changes, origin);
  };
  provider.awareness.on('update', provider._awarenessUpdateHandler);
}

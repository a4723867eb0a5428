// Publishes what my canvas shows in awareness, so others can follow me: at most five
// times a second while I pan or zoom, with a trailing send so the last view is exact.
import type { SharedViewport } from '../state/presence.ts';
import type { BoardSession } from '../state/session.ts';
import type { ViewportStore } from '../editor/viewport.ts';

const VIEWPORT_INTERVAL_MS = 200;

export function publishViewport(session: Pick<BoardSession, 'awareness'>, viewport: ViewportStore): () => void {
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    timer = null;
    sentAt = performance.now();
    const { x, y, scale, width, height } = viewport.get();
    const shared: SharedViewport = { x, y, scale, width, height };
    session.awareness.setLocalStateField('viewport', shared);
  };
  const schedule = () => {
    const wait = VIEWPORT_INTERVAL_MS - (performance.now() - sentAt);
    if (wait <= 0) send();
    else timer ??= setTimeout(send, wait);
  };
  send();
  const stop = viewport.subscribe(schedule);
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}

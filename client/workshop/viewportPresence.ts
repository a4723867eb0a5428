// Publishes what my canvas shows in awareness, so others can follow me: the camera and the
// layout (free or Measured), at most five times a second while I pan or zoom, with a
// trailing send so the last view is exact; a change of layout goes out at once.
import type { SharedViewport } from '../state/presence.ts';
import type { BoardSession } from '../state/session.ts';
import type { ViewportStore } from '../editor/viewport.ts';
import type { BoardLayout } from '../editor/layout/boardLayout.ts';

const VIEWPORT_INTERVAL_MS = 200;

export function publishViewport(session: Pick<BoardSession, 'awareness'>, viewport: ViewportStore, layout: BoardLayout): () => void {
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    sentAt = performance.now();
    const { x, y, scale, width, height } = viewport.get();
    const shared: SharedViewport = { x, y, scale, width, height, layout: layout.mode.get() };
    session.awareness.setLocalStateField('viewport', shared);
  };
  const schedule = () => {
    const wait = VIEWPORT_INTERVAL_MS - (performance.now() - sentAt);
    if (wait <= 0) send();
    else timer ??= setTimeout(send, wait);
  };
  send();
  const stops = [viewport.subscribe(schedule), layout.mode.subscribe(send)];
  return () => {
    stops.forEach((stop) => stop());
    if (timer) clearTimeout(timer);
  };
}

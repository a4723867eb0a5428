// How long to wait before reconnecting to the relay: exponential backoff with "equal
// jitter" — never sooner than half the window, spread over the other half — so browsers
// that lost the same relay together do not knock on it in lockstep (boardProvider.ts).
// The window is y-websocket's own 2^attempts × 100 ms, up to RECONNECT_MAX_MS.
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS } from '../../shared/limits.ts';

/** The delay before reconnect attempt `attempt` (1 = first retry); `random` is in [0, 1). */
export function reconnectDelayMs(attempt: number, random: number): number {
  const window = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return window / 2 + random * (window / 2);
}

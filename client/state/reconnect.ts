// Reconnecting with backoff AND jitter. y-websocket 3.1 retries after
// min(2^attempts × 100 ms, provider.maxBackoffTime) with no randomness, so 60 browsers
// that lost the same relay knock on it in lockstep, again and again. It reads
// maxBackoffTime at the moment it schedules a retry, so a getter there can hand it a
// random delay in the upper half of the exponential window ("equal jitter": never sooner
// than half the backoff, spread over the other half). The window never exceeds
// y-websocket's own 2^attempts × 100 ms, so the getter's value is always the one used,
// and the provider's reconnect logic otherwise stays as it is.
import type { WebsocketProvider } from 'y-websocket';
import { RECONNECT_BASE_MS, RECONNECT_MAX_MS } from '../../shared/limits.ts';

/** The delay before reconnect attempt `attempt` (1 = first retry); `random` is in [0, 1). */
export function reconnectDelayMs(attempt: number, random: number): number {
  const window = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return window / 2 + random * (window / 2);
}

/** Gives `provider` jittered reconnect delays; `random` is injectable for seeded tests. */
export function jitterReconnects(provider: WebsocketProvider, random: () => number = Math.random): void {
  Object.defineProperty(provider, 'maxBackoffTime', {
    configurable: true,
    // y-websocket bumps the attempt counter before it reads this.
    get: () => reconnectDelayMs(provider.wsUnsuccessfulReconnects, random()),
    set: () => {},
  });
}

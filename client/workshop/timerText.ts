// How the shared timer is written: whole seconds left, rounded up, so the display reads
// 00:00 exactly when time is up and never while a fraction of a second remains.

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;

/** Remaining time as "mm:ss"; minutes go past 59 rather than growing an hours field. */
export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / MS_PER_SECOND);
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % SECONDS_PER_MINUTE).padStart(2, '0')}`;
}

/** Milliseconds until the shown text next changes, so a page ticks on the second boundary. */
export function msUntilNextTick(remainingMs: number): number {
  const intoSecond = remainingMs % MS_PER_SECOND;
  return intoSecond === 0 ? MS_PER_SECOND : intoSecond;
}

/** The remaining time in words, for the moments a screen reader is told (start, last minute, zero). */
export function describeRemaining(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / MS_PER_SECOND);
  if (seconds === 0) return 'Time is up.';
  const minutes = Math.round(seconds / SECONDS_PER_MINUTE);
  if (seconds < SECONDS_PER_MINUTE) return `${seconds} seconds left.`;
  return minutes === 1 ? '1 minute left.' : `${minutes} minutes left.`;
}

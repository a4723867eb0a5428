// Work that should wait until the browser has nothing better to do: bitmaps of notes, the
// canvas parts loaded on demand. Safari has no idle callbacks: there it is a task soon
// after the frame, with a fixed budget.
export interface Deadline {
  timeRemaining(): number;
}

/** Milliseconds of a turn given to idle work where the browser cannot say how idle it is. */
const FALLBACK_BUDGET_MS = 4;

/** Runs `callback` when the browser is idle; returns a function that cancels it. */
export function whenIdle(callback: (deadline: Deadline) => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback);
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(() => {
    const end = performance.now() + FALLBACK_BUDGET_MS;
    callback({ timeRemaining: () => end - performance.now() });
  }, 1);
  return () => clearTimeout(timer);
}
